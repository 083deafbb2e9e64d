import type { Cidr } from '../ip.js';
import type { Template } from '../variables.js';

/** Operator families: how one request value is compared with one policy value. */
export type Family =
  | 'string'
  | 'stringIgnoreCase'
  | 'like'
  | 'numeric'
  | 'date'
  | 'bool'
  | 'binary'
  | 'ip'
  | 'arn'
  | 'null';
export type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

export type PreparedValue = Template | number | boolean | Uint8Array | Cidr;

export type CompiledCondition = {
  /** The operator as written, e.g. ForAllValues:StringLikeIfExists. */
  operator: string;
  /** The condition key as written, and lower-cased for lookup (key names are case-insensitive). */
  rawKey: string;
  key: string;
  set?: 'any' | 'all';
  ifExists: boolean;
  /** A negated operator (StringNotEquals, NotIpAddress, …): its values combine as NOR. */
  negated: boolean;
  family: Family;
  comparison: Comparison;
  values: PreparedValue[];
  /** The policy values as written (strings), for analyses such as the public-policy check. */
  raw: string[];
};
