// Entry of the Pulumi program (`main` in Pulumi.yaml points at the compiled lib/stacks/):
// Pulumi calls an exported function and uses what it resolves to as the stack outputs.
import { program } from './program';

export = program;
