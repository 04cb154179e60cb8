#!/usr/bin/env node
// Entry point for `cdk8s synth` (cdk8s.yaml): the same synth as the CLI, into CDK8S_OUTDIR.
import { main } from './main';

const config = process.env.KUBEFLOW_IAC_CONFIG;
const secrets = process.env.KUBEFLOW_IAC_SECRETS;
process.exitCode = main(['synth', ...(config ? ['--config', config] : []), ...(secrets ? ['--secrets', secrets] : []), '--out', process.env.CDK8S_OUTDIR ?? 'dist']);
