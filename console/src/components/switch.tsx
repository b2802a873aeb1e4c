import type { ReactNode } from 'react';

/** An on/off switch: a real checkbox with role="switch" (keyboard and screen readers as a checkbox), drawn as a track. */
export function Switch({
	checked,
	onChange,
	label,
	disabled,
	describedBy,
}: {
	checked: boolean;
	onChange: (checked: boolean) => void;
	/** The accessible name; wrap it in a visually-hidden span to hide it. */
	label: ReactNode;
	disabled?: boolean;
	describedBy?: string;
}) {
	return (
		<label className="switch">
			<input
				type="checkbox"
				role="switch"
				checked={checked}
				aria-checked={checked}
				aria-describedby={describedBy}
				disabled={disabled}
				onChange={(event) => onChange(event.target.checked)}
			/>
			<span className="switch-track" aria-hidden="true" />
			{label}
		</label>
	);
}
