package io.synaps.model.alarm;

/**
 * Alarm is a stored CloudWatch alarm: its definition plus its current {@link AlarmStatus}.
 * Implementations are immutable records; "with" methods return copies.
 */
public sealed interface Alarm permits MetricAlarm, CompositeAlarm {

    String accountId();

    /** AlarmName: 1..255 characters, unique per account (metric and composite alarms share names). */
    String name();

    /** AlarmArn, see {@link AlarmArn}. */
    String arn();

    /** AlarmDescription or null. */
    String description();

    AlarmActions actions();

    /** AlarmConfigurationUpdatedTimestamp, epoch milliseconds. */
    long configurationUpdatedMillis();

    AlarmStatus status();

    AlarmType type();

    Alarm withStatus(AlarmStatus status);

    Alarm withActions(AlarmActions actions);
}
