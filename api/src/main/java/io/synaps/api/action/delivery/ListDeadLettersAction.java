package io.synaps.api.action.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.Output;
import io.synaps.model.AwsError;
import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.outbox.OutboxStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * ListDeadLettersAction is the Synaps extension {@code ListDeadLetters}: the caller's alarm-action
 * and topic deliveries that ran out of retries, newest first, with why they died. Payloads are
 * not returned (they may quote alarm data; the history has the Action items). Thread-safe.
 */
public final class ListDeadLettersAction implements SyncAction {
    /** The operation name (an {@link io.synaps.api.action.ActionRegistry#EXTENSIONS} member). */
    public static final String NAME = "ListDeadLetters";
    private static final String TOKEN_VERSION = "k1:";
    private static final int MAX_RECORDS = 100;

    private final OutboxStore outbox;

    public ListDeadLettersAction(OutboxStore outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode answer(RequestContext context, Members input) {
        Integer max = input.integerBetween("MaxRecords", 1, MAX_RECORDS);
        int limit = max == null ? MAX_RECORDS : max;
        String token = input.string("NextToken");
        String after = token == null || token.isEmpty() ? null : afterKey(token);
        // One more than asked tells whether a next page exists.
        List<DeadLetter> page = outbox.deadLetters(context.accountId(), after, limit + 1);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("DeadLetters");
        for (int i = 0; i < Math.min(limit, page.size()); i++) {
            DeadLetter l = page.get(i);
            Delivery d = l.delivery();
            ObjectNode e = items.addObject();
            e.put("Key", d.key());
            e.put("Channel", d.channel());
            e.put("Target", d.target());
            e.put("Attempts", d.attempts());
            e.put("Reason", l.reason());
            e.set("CreatedTimestamp", Output.timestamp(Instant.ofEpochMilli(d.createdMillis())));
            e.set("DiedTimestamp", Output.timestamp(Instant.ofEpochMilli(l.diedMillis())));
        }
        if (page.size() > limit) {
            String last = page.get(limit - 1).delivery().key();
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((TOKEN_VERSION + last).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String afterKey(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (raw.startsWith(TOKEN_VERSION) && raw.length() > TOKEN_VERSION.length()) {
                return raw.substring(TOKEN_VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the AWS error
        }
        throw AwsError.invalidNextToken("The NextToken is not one ListDeadLetters issued.");
    }
}
