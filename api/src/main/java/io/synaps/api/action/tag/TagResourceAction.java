package io.synaps.api.action.tag;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.action.SyncAction;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * TagResourceAction answers TagResource: adds or overwrites tags of an existing alarm or dashboard
 * (ResourceNotFoundException for an unknown one), refusing a change that would leave the resource
 * with more than 50 tags. Output: an empty structure. Thread-safe.
 */
public final class TagResourceAction implements SyncAction {
    private final TaggedResources resources;

    public TagResourceAction(TaggedResources resources) {
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public String name() {
        return "TagResource";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        TaggedResources.Resource resource = resources.resolve(context, in);
        Map<String, String> add = TagInput.tags(in, "Tags", true);
        if (!resource.exists()) {
            throw TaggedResources.notFound();
        }
        synchronized (resources.lockFor(resource.arn())) {
            Set<String> keys = new HashSet<>(resources.tags().get(context.accountId(), resource.arn()).keySet());
            keys.addAll(add.keySet());
            if (keys.size() > TagInput.TAGS_MAX) {
                throw AwsError.invalidParameterValue("The resource " + resource.arn() + " can have at most "
                        + TagInput.TAGS_MAX + " tags; this request would give it " + keys.size() + ".");
            }
            resources.tags().put(context.accountId(), resource.arn(), add);
        }
        return JsonNodeFactory.instance.objectNode();
    }
}
