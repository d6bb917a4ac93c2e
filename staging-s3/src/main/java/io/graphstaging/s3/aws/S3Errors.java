package io.graphstaging.s3.aws;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates SDK exceptions into domain errors at the adapter's boundary. Messages name the
 * bucket or object and the S3 error code, never a credential or the SDK's own message (which
 * may carry request details).
 */
final class S3Errors {
    private static final Logger LOG = LoggerFactory.getLogger(S3Errors.class);
    private static final Set<String> REFUSED = Set.of("AccessDenied", "SignatureDoesNotMatch",
            "InvalidAccessKeyId", "AuthorizationHeaderMalformed", "ExpiredToken", "InvalidToken",
            "InvalidSecurity", "AllAccessDisabled", "AccountProblem");
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NotFound");

    private S3Errors() {}

    /**
     * @param bucket the bucket the request was for
     * @param subject what was being done, e.g. {@code "fetching s3://b/k"}
     */
    static StagingException translate(SdkException e, String bucket, String subject) {
        // The SDK exception stays here: logged for operators, not chained into the domain error.
        LOG.debug("Object store request failed while {}", subject, e);
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = errorCode(s3);
            if (status == 401 || status == 403 || REFUSED.contains(code)) {
                return new StagingException(ErrorCode.OBJECT_STORE_ACCESS_DENIED,
                        "The object store refused access to bucket '" + bucket + "' while " + subject
                                + " (" + describe(status, code) + "); check the credentials and the bucket's permissions");
            }
            if (status == 404 || MISSING.contains(code)) {
                return new StagingException(ErrorCode.OBJECT_NOT_FOUND,
                        "Not found in the object store while " + subject + " (" + describe(status, code) + ")");
            }
            if (status == 412) {
                return new StagingException(ErrorCode.OBJECT_NOT_FOUND,
                        "The object changed after it was listed, while " + subject + "; stage it again");
            }
            return new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "The object store failed while " + subject + " (" + describe(status, code) + ")");
        }
        return new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                "The object store could not be reached while " + subject + " (" + rootCause(e) + ")");
    }

    private static String errorCode(S3Exception e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details == null || details.errorCode() == null ? "" : details.errorCode();
    }

    private static String describe(int status, String code) {
        return "HTTP " + status + (code.isEmpty() ? "" : ", " + code);
    }

    /** The innermost cause's type and message: e.g. "ConnectException: Connection refused". */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return root.getClass().getSimpleName() + message;
    }
}
