import type { KmsDeps } from '../app/kms/deps.js';
import type { AwsServiceRoute } from '../http/aws-endpoint.js';
import { createKmsDispatcher, KMS_TARGET_PREFIX, kmsErrorBody } from './dispatch.js';

/** KMS on the shared AWS endpoint: chosen by X-Amz-Target, signed for service `kms`. */
export function createKmsRoute(d: KmsDeps): AwsServiceRoute {
  return {
    targetPrefix: KMS_TARGET_PREFIX,
    signingService: 'kms',
    eventSource: 'kms.amazonaws.com',
    dispatch: createKmsDispatcher(d),
    errorBody: (e) => kmsErrorBody(e),
  };
}
