package io.synaps.api.action.sns;

import io.synaps.api.action.RequestContext;
import io.synaps.model.AwsError;

/**
 * SnsErrors builds the SNS model's errors (shape, Query code, status): InvalidParameter (400),
 * NotFound (404), AuthorizationError (403), ParameterValueInvalid (400), TagLimitExceeded (400),
 * ResourceNotFound (404). SNS words its messages {@code Invalid parameter: <what>[ Reason: ...]}.
 * Stateless.
 */
final class SnsErrors {
    private SnsErrors() {
    }

    static AwsError invalidParameter(String message) {
        return new AwsError("InvalidParameterException", "InvalidParameter", 400, message);
    }

    static AwsError notFound(String message) {
        return new AwsError("NotFoundException", "NotFound", 404, message);
    }

    static AwsError topicNotFound() {
        return notFound("Topic does not exist");
    }

    static AwsError authorization(String message) {
        return new AwsError("AuthorizationErrorException", "AuthorizationError", 403, message);
    }

    /** SNS's InvalidParameterValueException (Query code ParameterValueInvalid), for message attributes. */
    static AwsError parameterValueInvalid(String message) {
        return new AwsError("InvalidParameterValueException", "ParameterValueInvalid", 400, message);
    }

    static AwsError tagLimitExceeded(String message) {
        return new AwsError("TagLimitExceededException", "TagLimitExceeded", 400, message);
    }

    static AwsError resourceNotFound(String message) {
        return new AwsError("ResourceNotFoundException", "ResourceNotFound", 404, message);
    }

    /** A required member absent or empty: {@code Invalid parameter: X Reason: no value for required parameter}. */
    static AwsError required(String member) {
        return invalidParameter("Invalid parameter: " + member + " Reason: no value for required parameter");
    }

    /** A feature of SNS this server does not implement, refused rather than silently ignored. */
    static AwsError notSupported(String member, String what) {
        return invalidParameter("Invalid parameter: " + member + " Reason: " + what
                + " is not supported by this Synaps server");
    }

    /** The caller acting on another account's resource (the topic policy is owner-only here). */
    static AwsError notAuthorized(RequestContext context, String partition, String action, String resourceArn) {
        String who = context.anonymous() ? "Anonymous" : "User: arn:" + partition + ":iam::" + context.accountId() + ":root";
        return authorization(who + " is not authorized to perform: SNS:" + action + " on resource: " + resourceArn);
    }
}
