// Entry of the Pulumi program (`main` in Pulumi.yaml is the compiled lib/stacks/index.js):
// Pulumi calls an exported function and uses what it resolves to as the stack outputs.
import { program } from './program';

export = program;
