import type { IamServices } from '../app/iam/wire.js';
import { actionOf, createQueryDispatch, type QueryDispatch } from './dispatch.js';
import { queryErrorBody, XML_CONTENT_TYPE } from './errors.js';
import { IAM_MODEL } from './model/iam-model.js';
import { STS_MODEL } from './model/sts-model.js';
import { accessKeyOperations } from './operations/iam-access-keys.js';
import { inlinePolicyOperations } from './operations/iam-inline-policies.js';
import { roleOperations } from './operations/iam-roles.js';
import { userOperations } from './operations/iam-users.js';
import { stsOperations } from './operations/sts.js';

/**
 * IAM and STS as routes of the AWS endpoint (http/aws-endpoint.ts). Query-protocol requests
 * carry no X-Amz-Target, so they are chosen by their SigV4 scope's service (`byScope`); they
 * answer in XML with the query error envelope.
 */
export type QueryRoute = {
  targetPrefix: string;
  signingService: string;
  eventSource: string;
  byScope: true;
  contentType: string;
  dispatch: QueryDispatch;
  errorBody: (e: unknown, requestId: string) => { status: number; body: string; code: string };
  operationOf: (body: Uint8Array) => string;
};

export function createQueryRoutes(app: IamServices): QueryRoute[] {
  const iam = { ...userOperations, ...accessKeyOperations, ...inlinePolicyOperations, ...roleOperations };
  return [
    route('iam', IAM_MODEL.xmlNamespace, createQueryDispatch(IAM_MODEL, iam, app)),
    route('sts', STS_MODEL.xmlNamespace, createQueryDispatch(STS_MODEL, stsOperations, app)),
  ];
}

const route = (service: string, namespace: string, dispatch: QueryDispatch): QueryRoute => ({
  // Never matched by X-Amz-Target: no AWS target starts with a NUL.
  targetPrefix: `\u0000${service}`,
  signingService: service,
  eventSource: `${service}.amazonaws.com`,
  byScope: true,
  contentType: XML_CONTENT_TYPE,
  dispatch,
  errorBody: (e, requestId) => queryErrorBody(e, requestId, namespace),
  operationOf: actionOf,
});
