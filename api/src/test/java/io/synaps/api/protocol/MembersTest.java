package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MembersTest {

    @Test
    void readsIntegersFromQueryTextAndJsonNumbers() {
        assertThat(Inputs.query("Period", "60").integer("Period")).isEqualTo(60);
        assertThat(Inputs.json("{'Period': 60}").integer("Period")).isEqualTo(60);
        assertThat(Inputs.json("{'Period': 60.0}").integer("Period")).isEqualTo(60);
        assertThat(Inputs.query("Period", " -5 ").integer("Period")).isEqualTo(-5);
        assertThat(Inputs.query().integer("Period")).isNull();
    }

    @Test
    void refusesIntegersThatAreNotWholeNumbersWithTheParameterPath() {
        AwsError e = catchThrowableOfType(AwsError.class, () -> Inputs.query("Period", "6o").integer("Period"));
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.shape()).isEqualTo("InvalidParameterValueException");
        assertThat(e.getMessage()).isEqualTo("The value 6o for parameter Period is invalid.");
        assertThatThrownBy(() -> Inputs.json("{'Period': 60.5}").integer("Period"))
                .hasMessage("The value 60.5 for parameter Period is invalid.");
        assertThatThrownBy(() -> Inputs.query("Period", "99999999999").integer("Period"))
                .hasMessage("The value 99999999999 for parameter Period is invalid.");
        assertThatThrownBy(() -> Inputs.json("{'Period': true}").integer("Period"))
                .hasMessage("The value true for parameter Period is invalid.");
    }

    @Test
    void readsDoublesIncludingTheNonFiniteSpellingsJsonUses() {
        assertThat(Inputs.query("V", "1.5e3").doubleValue("V")).isEqualTo(1500.0);
        assertThat(Inputs.query("V", ".5").doubleValue("V")).isEqualTo(0.5);
        assertThat(Inputs.json("{'V': 2}").doubleValue("V")).isEqualTo(2.0);
        assertThat(Inputs.json("{'V': 'NaN'}").doubleValue("V")).isNaN();
        assertThat(Inputs.query("V", "-Infinity").doubleValue("V")).isEqualTo(Double.NEGATIVE_INFINITY);
        // Java would parse these, AWS would not.
        assertThatThrownBy(() -> Inputs.query("V", "1.5d").doubleValue("V"))
                .hasMessage("The value 1.5d for parameter V is invalid.");
        assertThatThrownBy(() -> Inputs.query("V", "0x1p3").doubleValue("V"))
                .hasMessage("The value 0x1p3 for parameter V is invalid.");
    }

    @Test
    void readsBooleansFromTextAndJson() {
        assertThat(Inputs.query("B", "true").bool("B")).isTrue();
        assertThat(Inputs.query("B", "FALSE").bool("B")).isFalse();
        assertThat(Inputs.json("{'B': true}").bool("B")).isTrue();
        assertThat(Inputs.query().bool("B", true)).isTrue();
        assertThatThrownBy(() -> Inputs.query("B", "yes").bool("B"))
                .hasMessage("The value yes for parameter B is invalid.");
    }

    @Test
    void readsTimestampsAsEpochSecondsOrIso8601() {
        Instant t = Instant.parse("2026-01-10T11:59:00Z");
        assertThat(Inputs.json("{'T': 1768046340}").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.json("{'T': 1768046340.25}").timestamp("T")).isEqualTo(t.plusMillis(250));
        assertThat(Inputs.query("T", "1768046340").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.query("T", "2026-01-10T11:59:00Z").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.query("T", "2026-01-10T11:59:00.123Z").timestamp("T")).isEqualTo(t.plusMillis(123));
        assertThat(Inputs.query("T", "2026-01-10T13:59:00+02:00").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.query("T", "2026-01-10T11:59:00.000+0000").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.query("T", "2026-01-10T11:59:00").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.query("T", "2026-01-10T11:59Z").timestamp("T")).isEqualTo(t);
        assertThat(Inputs.query("T", "2026-01-10").timestamp("T")).isEqualTo(Instant.parse("2026-01-10T00:00:00Z"));
        ObjectNode typed = JsonNodeFactory.instance.objectNode();
        typed.set("T", Output.timestamp(t));
        assertThat(Members.root(typed).timestamp("T")).isEqualTo(t);
    }

    @Test
    void refusesTimestampsThatAreNeitherEpochNorIso8601() {
        assertThatThrownBy(() -> Inputs.query("StartTime", "yesterday").timestamp("StartTime"))
                .isInstanceOf(AwsError.class)
                .hasMessage("The value yesterday for parameter StartTime is invalid.");
        assertThatThrownBy(() -> Inputs.query("StartTime", "2026-13-01T00:00:00Z").timestamp("StartTime"))
                .hasMessage("The value 2026-13-01T00:00:00Z for parameter StartTime is invalid.");
        assertThatThrownBy(() -> Inputs.query("StartTime", "NaN").timestamp("StartTime"))
                .hasMessage("The value NaN for parameter StartTime is invalid.");
    }

    @Test
    void listElementsCarryTheirQueryPaths() {
        Members q = Inputs.query("MetricData.member.1.MetricName", "a", "MetricData.member.2.MetricName", "b");
        Members j = Inputs.json("{'MetricData': [{'MetricName': 'a'}, {'MetricName': 'b'}]}");
        for (Members in : List.of(q, j)) {
            List<Members> items = in.list("MetricData");
            assertThat(items).hasSize(2);
            assertThat(items.get(1).path()).isEqualTo("MetricData.member.2");
            assertThat(items.get(1).pathOf("Value")).isEqualTo("MetricData.member.2.Value");
            assertThat(items.get(1).string("MetricName")).isEqualTo("b");
            assertThat(items.get(0).child("Dimensions").list("x")).isEmpty();
        }
    }

    @Test
    void anEmptyQueryValueIsAnEmptyList() {
        assertThat(Inputs.query("AlarmNames", "").list("AlarmNames")).isEmpty();
        assertThat(Inputs.query("AlarmNames.member.1", "a", "AlarmNames.member.2", "b").strings("AlarmNames"))
                .containsExactly("a", "b");
        assertThat(Inputs.json("{'AlarmNames': ['a']}").strings("AlarmNames")).containsExactly("a");
        assertThatThrownBy(() -> Inputs.json("{'AlarmNames': 'a'}").list("AlarmNames"))
                .hasMessage("The value a for parameter AlarmNames is invalid.");
    }

    @Test
    void requiredMembersAnswerMissingParameter() {
        AwsError e = catchThrowableOfType(AwsError.class, () -> Inputs.query().requiredString("Namespace"));
        assertThat(e.code()).isEqualTo("MissingParameter");
        assertThat(e.shape()).isEqualTo("MissingRequiredParameterException");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("The parameter Namespace is required.");
        assertThatThrownBy(() -> Inputs.query("Namespace", "").requiredString("Namespace"))
                .hasMessage("The parameter Namespace is required.");
        assertThatThrownBy(() -> Inputs.json("{'Period': null}").requiredInt("Period"))
                .hasMessage("The parameter Period is required.");
        Members datum = Inputs.json("{'MetricData': [{}]}").list("MetricData").get(0);
        assertThatThrownBy(() -> datum.requiredString("MetricName"))
                .hasMessage("The parameter MetricData.member.1.MetricName is required.");
    }

    @Test
    void enumsListTheAllowedSetAsAwsDoes() {
        Members in = Inputs.query("ScanBy", "Sideways");
        AwsError e = catchThrowableOfType(AwsError.class,
                () -> in.oneOf("ScanBy", List.of("TimestampDescending", "TimestampAscending")));
        assertThat(e.code()).isEqualTo("InvalidParameterValue");
        assertThat(e.getMessage())
                .isEqualTo("The parameter ScanBy must be a value in the set [ TimestampDescending, TimestampAscending ].");
        assertThat(Inputs.query("ScanBy", "TimestampAscending").oneOf("ScanBy", List.of("TimestampAscending")))
                .isEqualTo("TimestampAscending");
    }

    @Test
    void constraintErrorsUseTheValidatorsCamelCasePaths() {
        assertThat(Members.constraintPath("MetricData.member.1.Unit")).isEqualTo("metricData.1.member.unit");
        assertThat(Members.constraintPath("RecentlyActive")).isEqualTo("recentlyActive");
        AwsError e = Members.constraint("PT4H", "RecentlyActive", "Member must satisfy enum value set: [PT3H]");
        assertThat(e.code()).isEqualTo("ValidationError");
        assertThat(e.qualifiedType()).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(e.getMessage()).isEqualTo("1 validation error detected: Value 'PT4H' at 'recentlyActive' "
                + "failed to satisfy constraint: Member must satisfy enum value set: [PT3H]");
    }

    @Test
    void mapNodesAreObjectsMarkedForQueryEntries() {
        ObjectNode map = Output.map();
        map.put("p99", 1.5);
        assertThat(Output.isMap(map)).isTrue();
        assertThat(Output.isMap(JsonNodeFactory.instance.objectNode())).isFalse();
        assertThat(map.toString()).isEqualTo("{\"p99\":1.5}");
    }
}
