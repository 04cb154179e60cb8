import { graphCommand } from './graph';

describe('graph command', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test('rejects a stack name that is not a name', () => {
    expect(graphCommand.run({ stack: '../etc' }, () => undefined)).toBe(2);
    expect(stderr).toHaveBeenCalledWith('kubeflow-iac graph: --stack: got "../etc"; expected a stack name such as kind, eks, gke, existing\n');
  });

  test('names the stack whose config file is missing', () => {
    expect(graphCommand.run({ stack: 'nope' }, () => undefined)).toBe(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(/^kubeflow-iac graph: cannot read the config of stack 'nope': ENOENT/);
  });
});
