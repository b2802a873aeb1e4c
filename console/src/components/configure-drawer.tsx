import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import type { Endpoint, IngestionUnit } from '../../../src/client/types';
import { useClient } from '../api/context';
import { useConfigureUnit, useProvisionCdm } from '../api/hooks';
import { cdmModelOn, configInput, initialForm, sinkForDataMode, sinksFor, type ConfigForm } from '../lib/config-form';
import { shownError, type ShownError } from '../lib/errors';
import { choiceValue, parseChoice, scheduleChoices, scheduleText } from '../lib/schedule';
import { ErrorBanner } from './error-banner';
import { Switch } from './switch';
import { useToasts } from './toasts';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [href], [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab cycling inside the drawer (the modal dialog already makes the page behind it inert). */
function trapTab(dialog: HTMLDialogElement, event: globalThis.KeyboardEvent): void {
	if (event.key !== 'Tab') return;
	const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
	const first = focusable[0];
	const last = focusable[focusable.length - 1];
	if (!first || !last) return;
	if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
		event.preventDefault();
		last.focus();
	} else if (!event.shiftKey && document.activeElement === last) {
		event.preventDefault();
		first.focus();
	}
}

/** Which form control an error's `field` points at. */
function fieldOf(error: ShownError | null): string | undefined {
	const field = error?.field;
	if (!field) return undefined;
	if (field.startsWith('schedule')) return 'schedule';
	if (field === 'cdmModelId') return 'dataMode';
	return field;
}

/**
 * The configure drawer: a modal <dialog> (the page behind it is inert, focus stays inside, Escape closes it) with the
 * unit's mode, schedule, data mode (CDM model and its provisioned state on the sink, with "Provision"), sink, and
 * advanced policy fields prefilled from its config or defaults.
 */
export function ConfigureDrawer({ unit, sinks: allSinks, onClose }: { unit: IngestionUnit; sinks: Endpoint[]; onClose: () => void }) {
	const client = useClient();
	const toasts = useToasts();
	const configure = useConfigureUnit(client);
	const provision = useProvisionCdm(client);
	const dialog = useRef<HTMLDialogElement>(null);
	const [form, setForm] = useState<ConfigForm>(() => initialForm(unit));
	const [error, setError] = useState<ShownError | null>(null);
	const id = useId();
	const titleId = `${id}-title`;
	const bannerId = `${id}-error`;

	useEffect(() => {
		const element = dialog.current;
		if (!element) return;
		if (!element.open) element.showModal();
		toasts.setHost(element);
		// A native listener: keydown from portaled children (the toasts) bubbles through the DOM, not React's tree.
		const onKeyDown = (event: globalThis.KeyboardEvent) => trapTab(element, event);
		element.addEventListener('keydown', onKeyDown);
		// Unmounting removes the dialog from the page, which ends its modal state; no close() (StrictMode re-runs effects).
		return () => {
			element.removeEventListener('keydown', onKeyDown);
			toasts.setHost(null);
		};
	}, [toasts]);

	const sinks = sinksFor(allSinks, form.dataMode);
	const sink = allSinks.find((endpoint) => endpoint.id === form.sinkId);
	const model = form.dataMode === 'CDM' ? cdmModelOn(sink, unit.cdmModelId) : undefined;
	const invalid = fieldOf(error);
	const invalidProps = (name: string) => (invalid === name ? { 'aria-invalid': true as const, 'aria-describedby': bannerId } : {});
	const update = (patch: Partial<ConfigForm>) => setForm((current) => ({ ...current, ...patch }));
	const setDataMode = (dataMode: string) => update({ dataMode, sinkId: sinkForDataMode(form.sinkId, sinksFor(allSinks, dataMode)) });

	const fail = (caught: unknown) => {
		const shown = shownError(caught);
		setError(shown);
		toasts.notify('error', shown.message);
	};
	const save = (event: FormEvent) => {
		event.preventDefault();
		setError(null);
		configure.mutate(configInput(unit, form), {
			onSuccess: () => {
				toasts.notify('success', `Saved ${unit.name}`);
				onClose();
			},
			onError: fail,
		});
	};
	const provisionModel = () => {
		if (!unit.cdmModelId) return;
		setError(null);
		provision.mutate(
			{ sinkEndpointId: form.sinkId, cdmModelId: unit.cdmModelId },
			{ onSuccess: (result) => toasts.notify('success', result.message ?? `Provisioned ${result.physicalLocation}`), onError: fail },
		);
	};

	return (
		<dialog ref={dialog} className="drawer" aria-labelledby={titleId} onClose={onClose}>
			<form onSubmit={save} className="drawer-form" noValidate>
				<header className="drawer-header">
					<div>
						<h2 id={titleId}>Configure {unit.name}</h2>
						<p className="muted">
							{unit.unitId} · {unit.config ? 'configured' : 'not configured yet: showing the defaults'}
						</p>
					</div>
					<button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
						×
					</button>
				</header>

				<div className="drawer-body">
					<ErrorBanner error={error} onDismiss={() => setError(null)} id={bannerId} />

					<div className="field">
						<Switch
							checked={form.enabled}
							onChange={(enabled) => update({ enabled })}
							label={<span>Enabled</span>}
							describedBy={`${id}-enabled-help`}
						/>
						<p id={`${id}-enabled-help`} className="help">
							When on, the schedule runs. “Run now” works either way.
						</p>
					</div>

					<div className="field">
						<label htmlFor={`${id}-mode`}>Mode</label>
						<select id={`${id}-mode`} value={form.mode} onChange={(event) => update({ mode: event.target.value })} {...invalidProps('mode')}>
							{unit.supportedModes.map((mode) => (
								<option key={mode} value={mode}>
									{mode}
									{mode === unit.defaultMode ? ' (default)' : ''}
								</option>
							))}
						</select>
					</div>

					<div className="field">
						<label htmlFor={`${id}-schedule`}>Schedule</label>
						<select
							id={`${id}-schedule`}
							value={choiceValue(form.schedule)}
							onChange={(event) => update({ schedule: parseChoice(event.target.value) })}
							{...invalidProps('schedule')}
						>
							{scheduleChoices(form.schedule).map((choice) => (
								<option key={choiceValue(choice)} value={choiceValue(choice)}>
									{choice === 'MANUAL' ? scheduleText('MANUAL', null) : scheduleText('INTERVAL', choice)}
								</option>
							))}
						</select>
					</div>

					<fieldset className="field" {...invalidProps('dataMode')}>
						<legend>Data mode</legend>
						<label className="radio">
							<input type="radio" name={`${id}-data-mode`} value="RAW" checked={form.dataMode === 'RAW'} onChange={() => setDataMode('RAW')} />
							Raw landing tables
						</label>
						<label className="radio">
							<input
								type="radio"
								name={`${id}-data-mode`}
								value="CDM"
								checked={form.dataMode === 'CDM'}
								disabled={!unit.cdmModelId}
								onChange={() => setDataMode('CDM')}
							/>
							Common data model {unit.cdmModelId ? `(${unit.cdmModelId})` : '(not available for this unit)'}
						</label>
						{form.dataMode === 'CDM' && unit.cdmModelId && (
							<div className="cdm-model" data-testid="cdm-model">
								<span>
									CDM model <code>{unit.cdmModelId}</code> on {sink?.name ?? form.sinkId}:{' '}
								</span>
								{model?.provisioned ? (
									<span className="badge badge-succeeded" data-testid="cdm-provisioned">
										provisioned{model.physicalLocation ? ` (${model.physicalLocation})` : ''}
									</span>
								) : (
									<>
										<span className="badge badge-failed" data-testid="cdm-not-provisioned">
											{model ? 'not provisioned' : 'not offered by this sink'}
										</span>
										{model && (
											<button type="button" onClick={provisionModel} disabled={provision.isPending} aria-busy={provision.isPending || undefined}>
												{provision.isPending ? 'Provisioning…' : 'Provision'}
											</button>
										)}
									</>
								)}
							</div>
						)}
					</fieldset>

					<div className="field">
						<label htmlFor={`${id}-sink`}>Sink</label>
						<select id={`${id}-sink`} value={form.sinkId} onChange={(event) => update({ sinkId: event.target.value })} {...invalidProps('sinkId')}>
							{sinks.length === 0 && <option value="">No sink accepts {form.dataMode}</option>}
							{sinks.map((candidate) => (
								<option key={candidate.id} value={candidate.id}>
									{candidate.name} ({candidate.id})
								</option>
							))}
						</select>
					</div>

					<details className="advanced" open={invalid?.startsWith('policy') || undefined}>
						<summary>Advanced</summary>
						<div className="field">
							<label htmlFor={`${id}-pk`}>Primary keys</label>
							<input
								id={`${id}-pk`}
								type="text"
								value={form.primaryKeys}
								onChange={(event) => update({ primaryKeys: event.target.value })}
								aria-describedby={`${id}-pk-help`}
								{...invalidProps('policy.primaryKeys')}
							/>
							<p id={`${id}-pk-help`} className="help">
								Comma-separated. Fields: {unit.fields.join(', ') || 'none collected yet'}
							</p>
						</div>
						<div className="field">
							<label htmlFor={`${id}-cursor`}>Cursor field</label>
							<input
								id={`${id}-cursor`}
								type="text"
								list={`${id}-cursor-options`}
								value={form.cursorField}
								disabled={unit.allowedCursorFields.length === 0}
								onChange={(event) => update({ cursorField: event.target.value })}
								aria-describedby={`${id}-cursor-help`}
								{...invalidProps('policy.cursorField')}
							/>
							<datalist id={`${id}-cursor-options`}>
								{unit.allowedCursorFields.map((field) => (
									<option key={field} value={field} />
								))}
							</datalist>
							<p id={`${id}-cursor-help`} className="help">
								{unit.allowedCursorFields.length === 0
									? 'This unit has no cursor field.'
									: `Used by INCREMENTAL and SCD1 reads. Allowed: ${unit.allowedCursorFields.join(', ')}`}
							</p>
						</div>
					</details>
				</div>

				<footer className="drawer-footer">
					<button type="button" onClick={onClose}>
						Cancel
					</button>
					<button type="submit" className="primary" disabled={configure.isPending} aria-busy={configure.isPending || undefined}>
						{configure.isPending ? 'Saving…' : 'Save'}
					</button>
				</footer>
			</form>
		</dialog>
	);
}
