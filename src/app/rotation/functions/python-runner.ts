/**
 * The Python twin of node-runner.ts, passed to `python3 -c`: loads the handler file as a module,
 * calls `<function>(event, context)` and writes the outcome as JSON on file descriptor 3.
 * Kept as source text so the build needs no extra asset.
 */
export const PYTHON_RUNNER = `
import importlib.util, json, os, sys, time

def report(outcome):
    os.write(3, json.dumps(outcome).encode('utf-8'))

class Context:
    def __init__(self):
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
        self.invoked_function_arn = os.environ.get('STRONGROOM_FUNCTION_ARN')
        self.aws_request_id = os.environ.get('STRONGROOM_INVOCATION_ID')
        self._deadline = time.time() * 1000 + float(os.environ.get('STRONGROOM_FUNCTION_TIMEOUT_MS', '30000'))
    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))

def main():
    path, name = sys.argv[1], sys.argv[2]
    event = json.loads(sys.stdin.read())
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module_name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    getattr(module, name)(event, Context())

try:
    main()
    report({'ok': True})
except BaseException as e:
    report({'ok': False, 'errorType': type(e).__name__, 'errorMessage': str(e)})
`;
