"""What the boto3 compat scripts share: named checks, AWS error expectations and the summary line
ClientCompatIT reads. Import it from a script in this folder (its folder is on sys.path)."""
import sys
import traceback

from botocore.exceptions import ClientError

results = {"passed": 0, "failed": 0}


def check(name):
    """Runs the decorated function at once as one named check."""

    def run(fn):
        try:
            fn()
            results["passed"] += 1
            print(f"PASS {name}")
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            results["failed"] += 1
            print(f"FAIL {name}")
            print("    " + traceback.format_exc().replace("\n", "\n    "))
        return fn

    return run


def expect_error(call, code, message=None, status=None):
    """The call fails with that error code (any code when None), message and HTTP status, and a request id."""
    try:
        call()
    except ClientError as e:
        err = e.response["Error"]
        assert code is None or err["Code"] == code, f"code {err['Code']!r} != {code!r}: {e.response}"
        if message is not None:
            assert err.get("Message") == message, f"message {err.get('Message')!r} != {message!r}"
        if status is not None:
            got = e.response["ResponseMetadata"]["HTTPStatusCode"]
            assert got == status, f"status {got} != {status}"
        assert e.response["ResponseMetadata"].get("RequestId"), "no request id"
        return e
    raise AssertionError(f"expected error {code}, the call succeeded")


def finish(name):
    """Prints the summary line and exits non-zero when any check failed."""
    print(f"{name}: {results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)
