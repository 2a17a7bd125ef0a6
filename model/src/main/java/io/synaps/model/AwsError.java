package io.synaps.model;

import java.util.List;
import java.util.Map;

/**
 * AwsError is a CloudWatch API error: what every protocol renders in its own envelope.
 *
 * <p>{@code shape} is the model's error shape name, sent as {@code __type} in JSON and CBOR;
 * {@code code} is the Query error code, sent in Query's {@code <Code>} and in the
 * {@code x-amzn-query-error} header; {@code status} is the Query-protocol HTTP status.
 * {@code message} may be null (AWS sends none for ResourceNotFound on SetAlarmState).
 * {@code members} holds extra structured members (e.g. dashboardValidationMessages).
 * The message must never contain a secret.
 */
public final class AwsError extends RuntimeException {
    public static final String NS = "com.amazonaws.cloudwatch.v2010_08_01#";

    private final String shape;
    private final String code;
    private final int status;
    private final boolean senderFault;
    private final Map<String, Object> members;

    public AwsError(String shape, String code, int status, boolean senderFault, String message, Map<String, Object> members) {
        super(message, null, false, false);
        this.shape = shape;
        this.code = code;
        this.status = status;
        this.senderFault = senderFault;
        this.members = members == null ? Map.of() : members;
    }

    public AwsError(String shape, String code, int status, String message) {
        this(shape, code, status, status < 500, message, null);
    }

    public String shape() { return shape; }
    public String code() { return code; }
    public int status() { return status; }
    public boolean senderFault() { return senderFault; }
    public Map<String, Object> members() { return members; }

    /** The shape with its namespace, as AWS writes {@code __type} (validation errors use coral's). */
    public String qualifiedType() {
        if (shape.contains("#")) {
            return shape;
        }
        return NS + shape;
    }

    public static AwsError invalidParameterValue(String message) {
        return new AwsError("InvalidParameterValueException", "InvalidParameterValue", 400, message);
    }

    public static AwsError invalidParameterCombination(String message) {
        return new AwsError("InvalidParameterCombinationException", "InvalidParameterCombination", 400, message);
    }

    public static AwsError missingParameter(String message) {
        return new AwsError("MissingRequiredParameterException", "MissingParameter", 400, message);
    }

    /** Schema-level failures: AWS answers them with coral's ValidationException / Query ValidationError. */
    public static AwsError validation(String message) {
        return new AwsError("com.amazon.coral.validate#ValidationException", "ValidationError", 400, message);
    }

    public static AwsError invalidNextToken(String message) {
        return new AwsError("InvalidNextToken", "InvalidNextToken", 400, message);
    }

    public static AwsError resourceNotFound(String message) {
        return new AwsError("ResourceNotFound", "ResourceNotFound", 404, message);
    }

    public static AwsError dashboardNotFound(String message) {
        return new AwsError("DashboardNotFoundError", "ResourceNotFound", 404, message);
    }

    /** PutDashboard body errors; {@code messages} are (DataPath, Message) pairs. */
    public static AwsError dashboardInvalidInput(String message, List<Map<String, String>> messages) {
        return new AwsError("DashboardInvalidInputError", "InvalidParameterInput", 400, true, message,
                Map.of("dashboardValidationMessages", messages));
    }

    public static AwsError limitExceeded(String message) {
        return new AwsError("LimitExceededFault", "LimitExceeded", 400, message);
    }

    public static AwsError internal(String message) {
        return new AwsError("InternalServiceFault", "InternalServiceError", 500, false, message, null);
    }

    public static AwsError serviceUnavailable(String message) {
        return new AwsError("ServiceUnavailable", "ServiceUnavailable", 503, false, message, null);
    }

    public static AwsError invalidAction(String message) {
        return new AwsError("InvalidAction", "InvalidAction", 400, message);
    }

    /** An action of the API that this build does not implement yet. */
    public static AwsError notImplemented(String action) {
        return new AwsError("UnsupportedOperation", "UnsupportedOperation", 400,
                "The action " + action + " is not implemented by this Synaps server yet.");
    }

    public static AwsError missingAuthenticationToken(String message) {
        return new AwsError("MissingAuthenticationTokenException", "MissingAuthenticationToken", 403, message);
    }

    public static AwsError incompleteSignature(String message) {
        return new AwsError("IncompleteSignatureException", "IncompleteSignature", 403, message);
    }

    public static AwsError invalidClientTokenId(String message) {
        return new AwsError("InvalidClientTokenId", "InvalidClientTokenId", 403, message);
    }

    public static AwsError signatureDoesNotMatch(String message) {
        return new AwsError("SignatureDoesNotMatch", "SignatureDoesNotMatch", 403, message);
    }

    public static AwsError requestExpired(String message) {
        return new AwsError("RequestExpired", "RequestExpired", 400, message);
    }

    public static AwsError throttling(String message) {
        return new AwsError("ThrottlingException", "Throttling", 400, message);
    }
}
