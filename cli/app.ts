#!/usr/bin/env node
// Entry point for `cdk8s synth` (cdk8s.yaml): the same synth as the CLI, into CDK8S_OUTDIR.
import { main } from './main';

const config = process.env.KUBEFLOW_IAC_CONFIG;
process.exitCode = main(['synth', ...(config ? ['--config', config] : []), '--out', process.env.CDK8S_OUTDIR ?? 'dist']);
