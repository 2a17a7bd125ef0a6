package io.synaps.api.action.sns;

import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.ApiService;

/**
 * SnsAction is a handler of an SNS (2010-03-31) operation: answered on the worker thread (the
 * topic store blocks briefly), filed under {@link ApiService#SNS} in the registry.
 */
interface SnsAction extends SyncAction {
    @Override
    default ApiService service() {
        return ApiService.SNS;
    }
}
