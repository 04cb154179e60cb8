import { ClusterKind } from '../config/schema';

/**
 * The service-account annotation that gives the profile controller its cloud identity,
 * which the AwsIamForServiceAccount and WorkloadIdentity plugins need to edit IAM.
 */
export const CONTROLLER_IDENTITY_ANNOTATION: Readonly<Record<ClusterKind, string | undefined>> = {
  generic: undefined,
  kind: undefined,
  eks: 'eks.amazonaws.com/role-arn',
  gke: 'iam.gke.io/gcp-service-account',
};
