package io.synaps.api.action.tag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;

import java.util.Map;
import java.util.Objects;

/**
 * ListTagsForResourceAction answers ListTagsForResource: {@code Tags} [{Key, Value}] sorted by
 * key; a deleted or unknown alarm or dashboard has {@code Tags: []} (AWS's recorded answer for a
 * deleted alarm). Thread-safe.
 */
public final class ListTagsForResourceAction implements SyncAction {
    private final TaggedResources resources;

    public ListTagsForResourceAction(TaggedResources resources) {
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public String name() {
        return "ListTagsForResource";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        TaggedResources.Resource resource = resources.resolve(context, in);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("Tags");
        if (resource.exists()) {
            for (Map.Entry<String, String> tag : resources.tags().get(context.accountId(), resource.arn()).entrySet()) {
                ObjectNode t = list.addObject();
                t.put("Key", tag.getKey());
                t.put("Value", tag.getValue());
            }
        }
        return out;
    }
}
