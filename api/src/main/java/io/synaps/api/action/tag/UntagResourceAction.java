package io.synaps.api.action.tag;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * UntagResourceAction answers UntagResource: removes the given keys (keys the resource lacks are
 * ignored) from an existing alarm or dashboard (ResourceNotFoundException for an unknown one).
 * Output: an empty structure. Thread-safe.
 */
public final class UntagResourceAction implements SyncAction {
    private final TaggedResources resources;

    public UntagResourceAction(TaggedResources resources) {
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public String name() {
        return "UntagResource";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        TaggedResources.Resource resource = resources.resolve(context, in);
        List<Members> items = in.list("TagKeys");
        if (items.isEmpty()) {
            throw Members.required(in.pathOf("TagKeys"));
        }
        List<String> keys = new ArrayList<>(items.size());
        for (Members item : items) {
            String key = item.asRequiredString();
            if (key.length() > TagInput.KEY_MAX) {
                throw Members.constraint(key, item.path(), "Member must have length less than or equal to "
                        + TagInput.KEY_MAX);
            }
            keys.add(key);
        }
        if (!resource.exists()) {
            throw TaggedResources.notFound();
        }
        synchronized (resources.lockFor(resource.arn())) {
            resources.tags().remove(context.accountId(), resource.arn(), keys);
        }
        return JsonNodeFactory.instance.objectNode();
    }
}
