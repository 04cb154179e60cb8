#!/usr/bin/env node
// Entry point for `cdk8s synth` (cdk8s.yaml): the same synth as the CLI, into CDK8S_OUTDIR
// (synth reads it itself, so an empty CDK8S_OUTDIR is refused by name).
import { main } from './main';

const config = process.env.KUBEFLOW_IAC_CONFIG;
const secrets = process.env.KUBEFLOW_IAC_SECRETS;
process.exitCode = main(['synth', ...(config ? ['--config', config] : []), ...(secrets ? ['--secrets', secrets] : [])]);
