// Entry point: Pulumi calls the exported function and uses what it returns as stack outputs.
import { program } from './program';

export = program;
