/** Install semantics, one home for every installer: identity, data, order, immutable fields. */
export * from './identity';
export * from './data';
export * from './order';
export * from './immutable';
