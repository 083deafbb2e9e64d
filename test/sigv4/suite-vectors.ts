/**
 * AWS's published SigV4 test suite (aws-sig-v4-test-suite, 2015 edition: AKIDEXAMPLE,
 * 20150830T123600Z, us-east-1, service "service"). Transcribed from the copy vendored in
 * bazelbuild/bazel (third_party/aws-sig-v4-test-suite: .req/.sreq/.creq/.sts/.authz) and the
 * fixture of aws-sdk-js-v3/smithy-typescript (packages/signature-v4/src/suite.fixture.ts).
 * `sts` is the suite's last string-to-sign line where the suite's .sts file was available; for the
 * others the string to sign is checked against the hash of the transcribed canonical request, and
 * the suite's signature pins both.
 */
export const DATE = '20150830T123600Z';
export const SCOPE = '20150830/us-east-1/service/aws4_request';
export const BASE = { host: 'example.amazonaws.com', 'x-amz-date': DATE };
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const FORM_HASH = '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e';
const TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
const UNRESERVED = '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type Vector = {
  name: string;
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  creq: string[];
  sts?: string;
  signature: string;
};

/** A canonical request for the common case: only host and x-amz-date signed. */
const plain = (method: string, uri: string, query = '', hash = EMPTY): string[] => [
  method,
  uri,
  query,
  'host:example.amazonaws.com',
  `x-amz-date:${DATE}`,
  '',
  'host;x-amz-date',
  hash,
];
const withMyHeader = (method: string, value: string): string[] => [
  method,
  '/',
  '',
  'host:example.amazonaws.com',
  `my-header1:${value}`,
  `x-amz-date:${DATE}`,
  '',
  'host;my-header1;x-amz-date',
  EMPTY,
];

export const VECTORS: Vector[] = [
  {
    name: 'get-vanilla',
    method: 'GET',
    path: '/',
    creq: plain('GET', '/'),
    sts: 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    method: 'GET',
    path: '/',
    query: 'Param2=value2&Param1=value1',
    creq: plain('GET', '/', 'Param1=value1&Param2=value2'),
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-vanilla-query-order-key',
    method: 'GET',
    path: '/',
    query: 'Param1=value2&Param1=Value1',
    creq: plain('GET', '/', 'Param1=Value1&Param1=value2'),
    sts: '704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89',
    signature: 'eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1',
  },
  {
    name: 'get-vanilla-query-order-value',
    method: 'GET',
    path: '/',
    query: 'Param1=value2&Param1=value1',
    creq: plain('GET', '/', 'Param1=value1&Param1=value2'),
    sts: 'c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606',
    signature: '5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694',
  },
  {
    name: 'get-vanilla-empty-query-key',
    method: 'GET',
    path: '/',
    query: 'Param1=value1',
    creq: plain('GET', '/', 'Param1=value1'),
    signature: 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb',
  },
  {
    name: 'get-vanilla-query-unreserved',
    method: 'GET',
    path: '/',
    query: `${UNRESERVED}=${UNRESERVED}`,
    creq: plain('GET', '/', `${UNRESERVED}=${UNRESERVED}`),
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  {
    name: 'get-vanilla-utf8-query',
    method: 'GET',
    path: '/',
    query: '\u1234=bar',
    creq: plain('GET', '/', '%E1%88%B4=bar'),
    signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
  },
  {
    name: 'get-header-value-trim',
    method: 'GET',
    path: '/',
    headers: { 'my-header1': ' value1', 'my-header2': '"a   b   c"' },
    creq: [
      'GET',
      '/',
      '',
      'host:example.amazonaws.com',
      'my-header1:value1',
      'my-header2:"a b c"',
      `x-amz-date:${DATE}`,
      '',
      'host;my-header1;my-header2;x-amz-date',
      EMPTY,
    ],
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'get-header-key-duplicate',
    method: 'GET',
    path: '/',
    headers: { 'my-header1': ['value2', 'value2', 'value1'] },
    creq: withMyHeader('GET', 'value2,value2,value1'),
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order',
    method: 'GET',
    path: '/',
    headers: { 'my-header1': ['value4', 'value1', 'value3', 'value2'] },
    creq: withMyHeader('GET', 'value4,value1,value3,value2'),
    signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    // The suite's obs-folded value; the suite canonicalises its three lines like three values.
    name: 'get-header-value-multiline',
    method: 'GET',
    path: '/',
    headers: { 'my-header1': ['value1', '  value2', '     value3'] },
    creq: withMyHeader('GET', 'value1,value2,value3'),
    sts: 'b7b6cbfd8a0430b78891e986784da2630c8a135a8595cec25b26ea94f926ee55',
    signature: 'ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790',
  },
  {
    name: 'get-unreserved',
    method: 'GET',
    path: `/${UNRESERVED}`,
    creq: plain('GET', `/${UNRESERVED}`),
    signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
  },
  {
    name: 'get-utf8',
    method: 'GET',
    path: '/\u1234',
    creq: plain('GET', '/%E1%88%B4'),
    signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
  },
  {
    name: 'normalize-path/get-space',
    method: 'GET',
    path: '/example space/',
    creq: plain('GET', '/example%20space/'),
    signature: '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741',
  },
  {
    name: 'normalize-path/get-slashes',
    method: 'GET',
    path: '//example//',
    creq: plain('GET', '/example/'),
    signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84',
  },
  {
    name: 'normalize-path/get-slash',
    method: 'GET',
    path: '//',
    creq: plain('GET', '/'),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-slash-dot-slash',
    method: 'GET',
    path: '/./',
    creq: plain('GET', '/'),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-slash-pointless-dot',
    method: 'GET',
    path: '/./example',
    creq: plain('GET', '/example'),
    signature: 'ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5',
  },
  {
    name: 'normalize-path/get-relative',
    method: 'GET',
    path: '/example/..',
    creq: plain('GET', '/'),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-relative-relative',
    method: 'GET',
    path: '/example1/example2/../..',
    creq: plain('GET', '/'),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'post-vanilla',
    method: 'POST',
    path: '/',
    creq: plain('POST', '/'),
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'post-vanilla-query',
    method: 'POST',
    path: '/',
    query: 'Param1=value1',
    creq: plain('POST', '/', 'Param1=value1'),
    signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11',
  },
  {
    name: 'post-vanilla-query-nonunreserved',
    method: 'POST',
    path: '/',
    query: '%40%23%24%25%5E=&%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D',
    creq: plain('POST', '/', '%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D&%40%23%24%25%5E='),
    signature: '66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e',
  },
  {
    name: 'post-header-key-sort',
    method: 'POST',
    path: '/',
    headers: { 'my-header1': 'value1' },
    creq: withMyHeader('POST', 'value1'),
    signature: 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c',
  },
  {
    name: 'post-header-value-case',
    method: 'POST',
    path: '/',
    headers: { 'my-header1': 'VALUE1' },
    creq: withMyHeader('POST', 'VALUE1'),
    signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d',
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Param1=value1',
    creq: [
      'POST',
      '/',
      '',
      'content-type:application/x-www-form-urlencoded',
      'host:example.amazonaws.com',
      `x-amz-date:${DATE}`,
      '',
      'content-type;host;x-amz-date',
      FORM_HASH,
    ],
    sts: '42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-x-www-form-urlencoded-parameters',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf8' },
    body: 'Param1=value1',
    creq: [
      'POST',
      '/',
      '',
      'content-type:application/x-www-form-urlencoded; charset=utf8',
      'host:example.amazonaws.com',
      `x-amz-date:${DATE}`,
      '',
      'content-type;host;x-amz-date',
      FORM_HASH,
    ],
    sts: '2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c',
    signature: '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe',
  },
  {
    name: 'post-sts-token/post-sts-header-before',
    method: 'POST',
    path: '/',
    headers: { 'x-amz-security-token': TOKEN },
    creq: [
      'POST',
      '/',
      '',
      'host:example.amazonaws.com',
      `x-amz-date:${DATE}`,
      `x-amz-security-token:${TOKEN}`,
      '',
      'host;x-amz-date;x-amz-security-token',
      EMPTY,
    ],
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
];
