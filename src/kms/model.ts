// GENERATED from botocore 1.43.11 data/kms/2014-11-01/service-2.json (the input shapes of the operations
// Strongroom serves); regenerate rather than edit. PendingWindowInDays carries the service range
// 7-30 (the model says 1-365; AWS refuses outside 7-30).
import type { OperationModel } from '../protocol/model/load.js';

export const KMS_OPERATIONS: Record<string, OperationModel> = {
  CreateKey: {
    name: 'CreateKey',
    input: {
      type: 'structure',
      members: {
        Policy: {},
        Description: {},
        KeyUsage: {},
        CustomerMasterKeySpec: {},
        KeySpec: {},
        Origin: {},
        BypassPolicyLockoutSafetyCheck: {
          type: 'boolean',
        },
        Tags: {
          type: 'list',
          member: {
            type: 'structure',
            members: {
              TagKey: {},
              TagValue: {},
            },
            required: ['TagKey', 'TagValue'],
          },
        },
        MultiRegion: {
          type: 'boolean',
        },
      },
    },
    constraints: {
      Policy: {
        min: 1,
        max: 131072,
        pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
      },
      Description: {
        min: 0,
        max: 8192,
      },
      KeyUsage: {
        enum: ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'],
      },
      CustomerMasterKeySpec: {
        enum: [
          'RSA_2048',
          'RSA_3072',
          'RSA_4096',
          'ECC_NIST_P256',
          'ECC_NIST_P384',
          'ECC_NIST_P521',
          'ECC_SECG_P256K1',
          'SYMMETRIC_DEFAULT',
          'HMAC_224',
          'HMAC_256',
          'HMAC_384',
          'HMAC_512',
          'SM2',
        ],
      },
      KeySpec: {
        enum: [
          'RSA_2048',
          'RSA_3072',
          'RSA_4096',
          'ECC_NIST_P256',
          'ECC_NIST_P384',
          'ECC_NIST_P521',
          'ECC_SECG_P256K1',
          'SYMMETRIC_DEFAULT',
          'HMAC_224',
          'HMAC_256',
          'HMAC_384',
          'HMAC_512',
          'SM2',
          'ML_DSA_44',
          'ML_DSA_65',
          'ML_DSA_87',
          'ECC_NIST_EDWARDS25519',
        ],
      },
      Origin: {
        enum: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
      },
      'Tags[].TagKey': {
        min: 1,
        max: 128,
      },
      'Tags[].TagValue': {
        min: 0,
        max: 256,
      },
    },
    errors: [
      'MalformedPolicyDocumentException',
      'DependencyTimeoutException',
      'InvalidArnException',
      'UnsupportedOperationException',
      'KMSInternalException',
      'LimitExceededException',
      'TagException',
      'CustomKeyStoreNotFoundException',
      'CustomKeyStoreInvalidStateException',
      'CloudHsmClusterInvalidConfigurationException',
      'XksKeyInvalidConfigurationException',
      'XksKeyAlreadyInUseException',
      'XksKeyNotFoundException',
    ],
  },
  DescribeKey: {
    name: 'DescribeKey',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
        GrantTokens: {
          type: 'list',
          member: {},
        },
      },
      required: ['KeyId'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
      'GrantTokens[]': {
        min: 1,
        max: 8192,
      },
      GrantTokens: {
        min: 0,
        max: 10,
      },
    },
    errors: ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  },
  ListKeys: {
    name: 'ListKeys',
    input: {
      type: 'structure',
      members: {
        Limit: {
          type: 'integer',
        },
        Marker: {},
      },
    },
    constraints: {
      Limit: {
        min: 1,
        max: 1000,
      },
      Marker: {
        min: 1,
        max: 1024,
        pattern: '[\\u0020-\\u00FF]*',
      },
    },
    errors: ['DependencyTimeoutException', 'KMSInternalException', 'InvalidMarkerException'],
  },
  CreateAlias: {
    name: 'CreateAlias',
    input: {
      type: 'structure',
      members: {
        AliasName: {},
        TargetKeyId: {},
      },
      required: ['AliasName', 'TargetKeyId'],
    },
    constraints: {
      AliasName: {
        min: 1,
        max: 256,
        pattern: '^[a-zA-Z0-9:/_-]+$',
      },
      TargetKeyId: {
        min: 1,
        max: 2048,
      },
    },
    errors: [
      'DependencyTimeoutException',
      'AlreadyExistsException',
      'NotFoundException',
      'InvalidAliasNameException',
      'KMSInternalException',
      'LimitExceededException',
      'KMSInvalidStateException',
    ],
  },
  UpdateAlias: {
    name: 'UpdateAlias',
    input: {
      type: 'structure',
      members: {
        AliasName: {},
        TargetKeyId: {},
      },
      required: ['AliasName', 'TargetKeyId'],
    },
    constraints: {
      AliasName: {
        min: 1,
        max: 256,
        pattern: '^[a-zA-Z0-9:/_-]+$',
      },
      TargetKeyId: {
        min: 1,
        max: 2048,
      },
    },
    errors: [
      'DependencyTimeoutException',
      'NotFoundException',
      'KMSInternalException',
      'LimitExceededException',
      'KMSInvalidStateException',
    ],
  },
  DeleteAlias: {
    name: 'DeleteAlias',
    input: {
      type: 'structure',
      members: {
        AliasName: {},
      },
      required: ['AliasName'],
    },
    constraints: {
      AliasName: {
        min: 1,
        max: 256,
        pattern: '^[a-zA-Z0-9:/_-]+$',
      },
    },
    errors: ['DependencyTimeoutException', 'NotFoundException', 'KMSInternalException', 'KMSInvalidStateException'],
  },
  ListAliases: {
    name: 'ListAliases',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
        Limit: {
          type: 'integer',
        },
        Marker: {},
      },
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
      Limit: {
        min: 1,
        max: 1000,
      },
      Marker: {
        min: 1,
        max: 1024,
        pattern: '[\\u0020-\\u00FF]*',
      },
    },
    errors: [
      'DependencyTimeoutException',
      'InvalidMarkerException',
      'KMSInternalException',
      'InvalidArnException',
      'NotFoundException',
    ],
  },
  EnableKey: {
    name: 'EnableKey',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
      },
      required: ['KeyId'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
    },
    errors: [
      'NotFoundException',
      'InvalidArnException',
      'DependencyTimeoutException',
      'KMSInternalException',
      'LimitExceededException',
      'KMSInvalidStateException',
    ],
  },
  DisableKey: {
    name: 'DisableKey',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
      },
      required: ['KeyId'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
    },
    errors: [
      'NotFoundException',
      'InvalidArnException',
      'DependencyTimeoutException',
      'KMSInternalException',
      'KMSInvalidStateException',
    ],
  },
  ScheduleKeyDeletion: {
    name: 'ScheduleKeyDeletion',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
        PendingWindowInDays: {
          type: 'integer',
        },
      },
      required: ['KeyId'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
      PendingWindowInDays: {
        min: 7,
        max: 30,
      },
    },
    errors: [
      'NotFoundException',
      'InvalidArnException',
      'DependencyTimeoutException',
      'KMSInternalException',
      'KMSInvalidStateException',
    ],
  },
  CancelKeyDeletion: {
    name: 'CancelKeyDeletion',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
      },
      required: ['KeyId'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
    },
    errors: [
      'NotFoundException',
      'InvalidArnException',
      'DependencyTimeoutException',
      'KMSInternalException',
      'KMSInvalidStateException',
    ],
  },
  GetKeyPolicy: {
    name: 'GetKeyPolicy',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
        PolicyName: {},
      },
      required: ['KeyId'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
      PolicyName: {
        min: 1,
        max: 128,
        pattern: '[\\w]+',
      },
    },
    errors: [
      'NotFoundException',
      'InvalidArnException',
      'DependencyTimeoutException',
      'KMSInternalException',
      'KMSInvalidStateException',
    ],
  },
  PutKeyPolicy: {
    name: 'PutKeyPolicy',
    input: {
      type: 'structure',
      members: {
        KeyId: {},
        PolicyName: {},
        Policy: {},
        BypassPolicyLockoutSafetyCheck: {
          type: 'boolean',
        },
      },
      required: ['KeyId', 'Policy'],
    },
    constraints: {
      KeyId: {
        min: 1,
        max: 2048,
      },
      PolicyName: {
        min: 1,
        max: 128,
        pattern: '[\\w]+',
      },
      Policy: {
        min: 1,
        max: 131072,
        pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
      },
    },
    errors: [
      'NotFoundException',
      'InvalidArnException',
      'MalformedPolicyDocumentException',
      'DependencyTimeoutException',
      'UnsupportedOperationException',
      'KMSInternalException',
      'LimitExceededException',
      'KMSInvalidStateException',
    ],
  },
};
