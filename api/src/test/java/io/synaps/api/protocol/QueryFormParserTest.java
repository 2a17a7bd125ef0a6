package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QueryFormParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static QueryFormParser parse(String form) {
        return new QueryFormParser().feed(form.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void takesActionAndVersionOutOfTheTree() throws Exception {
        QueryFormParser p = parse("Action=ListMetrics&Version=2010-08-01&Namespace=App");
        assertThat(p.action()).isEqualTo("ListMetrics");
        assertThat(p.version()).isEqualTo("2010-08-01");
        assertThat(p.tree()).isEqualTo(json("{'Namespace':'App'}"));
    }

    @Test
    void acceptsOperationAsAnAliasOfAction() {
        assertThat(parse("Operation=DescribeAlarms").action()).isEqualTo("DescribeAlarms");
    }

    @Test
    void buildsListsOfStructuresFromMemberKeys() throws Exception {
        QueryFormParser p = parse("Namespace=App"
                + "&MetricData.member.1.MetricName=Latency&MetricData.member.1.Value=1.5"
                + "&MetricData.member.1.Dimensions.member.1.Name=Host&MetricData.member.1.Dimensions.member.1.Value=a"
                + "&MetricData.member.1.Dimensions.member.2.Name=Az&MetricData.member.1.Dimensions.member.2.Value=b"
                + "&MetricData.member.2.MetricName=Errors&MetricData.member.2.StatisticValues.Sum=3"
                + "&MetricData.member.2.Values.member.1=1&MetricData.member.2.Values.member.2=2");
        assertThat(p.tree()).isEqualTo(json("{'Namespace':'App','MetricData':["
                + "{'MetricName':'Latency','Value':'1.5','Dimensions':[{'Name':'Host','Value':'a'},{'Name':'Az','Value':'b'}]},"
                + "{'MetricName':'Errors','StatisticValues':{'Sum':'3'},'Values':['1','2']}]}"));
    }

    @Test
    void ordersListItemsByIndexAndClosesGaps() throws Exception {
        QueryFormParser p = parse("AlarmNames.member.10=c&AlarmNames.member.2=b&AlarmNames.member.1=a&AlarmNames.member.20000=z");
        assertThat(p.tree()).isEqualTo(json("{'AlarmNames':['a','b','c','z']}"));
    }

    @Test
    void keepsTheLastValueOfARepeatedKey() throws Exception {
        assertThat(parse("Namespace=A&Namespace=B").tree()).isEqualTo(json("{'Namespace':'B'}"));
    }

    @Test
    void decodesPercentEscapesAndPlusInKeysAndValues() throws Exception {
        QueryFormParser p = parse("Dimensions.member.1.Value=a+b%2Bc%20d%26e%3Df&Name%2Ex=%C3%A9t%C3%A9");
        assertThat(p.tree()).isEqualTo(json("{'Dimensions':[{'Value':'a b+c d&e=f'}],'Name':{'x':'été'}}"));
    }

    @Test
    void keepsMalformedEscapesLiterally() throws Exception {
        assertThat(parse("A=100%&B=%zz&C=%4").tree()).isEqualTo(json("{'A':'100%','B':'%zz','C':'%4'}"));
    }

    @Test
    void acceptsRawUtf8Bytes() throws Exception {
        assertThat(parse("A=été&B=日本").tree()).isEqualTo(json("{'A':'été','B':'日本'}"));
    }

    @Test
    void readsAnEmptyValueAsEmptyText() throws Exception {
        // botocore sends an empty list as "X=": list accessors treat empty text as an empty list.
        assertThat(parse("AlarmNames=&NextToken=").tree()).isEqualTo(json("{'AlarmNames':'','NextToken':''}"));
    }

    @Test
    void letsListItemsReplaceAnEarlierEmptyValue() throws Exception {
        assertThat(parse("AlarmNames=&AlarmNames.member.1=a").tree()).isEqualTo(json("{'AlarmNames':['a']}"));
    }

    @Test
    void buildsObjectsFromEntryKeyValuePairs() throws Exception {
        QueryFormParser p = parse("Attributes.entry.2.key=b&Attributes.entry.2.value=2"
                + "&Attributes.entry.1.key=a&Attributes.entry.1.value=1&Attributes.entry.3.key=c");
        assertThat(p.tree()).isEqualTo(json("{'Attributes':{'a':'1','b':'2','c':''}}"));
    }

    @Test
    void buildsObjectsFromSnsNameValueEntries() throws Exception {
        QueryFormParser p = parse("MessageAttributes.entry.1.Name=severity&MessageAttributes.entry.1.Value.DataType=String"
                + "&MessageAttributes.entry.1.Value.StringValue=high&MessageAttributes.entry.2.Name=n"
                + "&MessageAttributes.entry.2.Value.DataType=Number&MessageAttributes.entry.2.Value.StringValue=1");
        assertThat(p.tree()).isEqualTo(json("{'MessageAttributes':{'severity':{'DataType':'String','StringValue':'high'},"
                + "'n':{'DataType':'Number','StringValue':'1'}}}"));
    }

    @Test
    void treatsMemberWithoutIndexAsAnOrdinaryName() throws Exception {
        assertThat(parse("A.member.x=1&B.member=2").tree()).isEqualTo(json("{'A':{'member':{'x':'1'}},'B':{'member':'2'}}"));
    }

    @Test
    void skipsEmptyPairsAndKeysWithoutValues() throws Exception {
        assertThat(parse("&&A=1&&B&=x&C=").tree()).isEqualTo(json("{'A':'1','B':'','C':''}"));
    }

    @Test
    void dropsValuesThatConflictWithAStructureAlreadyBuilt() throws Exception {
        assertThat(parse("A.member.1=x&A.Foo=y&A=z").tree()).isEqualTo(json("{'A':['x']}"));
    }

    @Test
    void mergesTheUrlQueryStringAndTheBody() throws Exception {
        QueryFormParser p = new QueryFormParser().feed("Action=ListMetrics&Version=2010-08-01")
                .feed("Namespace=App&MetricName=m".getBytes(StandardCharsets.UTF_8));
        assertThat(p.action()).isEqualTo("ListMetrics");
        assertThat(p.tree()).isEqualTo(json("{'Namespace':'App','MetricName':'m'}"));
    }

    @Test
    void handlesStructuresWithManyFields() throws Exception {
        StringBuilder form = new StringBuilder();
        StringBuilder expected = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            form.append("F").append(i).append("=").append(i).append('&');
            expected.append(i == 0 ? "" : ",").append("'F").append(i).append("':'").append(i).append("'");
        }
        form.append("F7=again");
        assertThat(parse(form.toString()).tree())
                .isEqualTo(json(expected.append('}').toString().replace("'F7':'7'", "'F7':'again'")));
    }

    @Test
    void parsesAByteRangeInsideALargerArray() throws Exception {
        byte[] bytes = "xxA=1&B=2yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(new QueryFormParser().feed(bytes, 2, 7).tree()).isEqualTo(json("{'A':'1','B':'2'}"));
    }
}
