import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

export const scalarResolvers = {
	JSON: JSONResolver,
	DateTime: DateTimeResolver,
};
