package io.synaps.server;

import io.synaps.notify.email.SmtpConfig;
import io.synaps.notify.nova.NovaConfig;
import io.synaps.notify.sms.SmsGatewayConfig;

import java.util.Map;

/**
 * NotifyConfig is how a node delivers alarm actions and topic messages: the SMTP server, the
 * SMS gateway and the OpenStack (Keystone + Nova) credentials, each null when not configured
 * (their deliveries then fail with a reason naming the missing setting), and the public URL of
 * the node (SubscribeURL / UnsubscribeURL links and the dashboard link in mails). Immutable;
 * toString hides every secret.
 */
public record NotifyConfig(SmtpConfig smtp, SmsGatewayConfig sms, NovaConfig nova, String publicUrl) {

    /** Nothing configured; links point at {@code publicUrl}. */
    public static NotifyConfig none(String publicUrl) {
        return new NotifyConfig(null, null, null, publicUrl);
    }

    /**
     * From SYNAPS_SMTP_*, SYNAPS_SMS_*, SYNAPS_KEYSTONE_* / SYNAPS_NOVA_* and SYNAPS_PUBLIC_URL
     * (default {@code http://127.0.0.1:<port>}).
     */
    public static NotifyConfig fromEnvironment(Map<String, String> env, int port) {
        return new NotifyConfig(
                SmtpConfig.fromEnvironment(env).orElse(null),
                SmsGatewayConfig.fromEnvironment(env).orElse(null),
                NovaConfig.fromEnv(env).orElse(null),
                env.getOrDefault("SYNAPS_PUBLIC_URL", "http://127.0.0.1:" + port));
    }

    public NotifyConfig withSmtp(SmtpConfig s) {
        return new NotifyConfig(s, sms, nova, publicUrl);
    }

    public NotifyConfig withSms(SmsGatewayConfig s) {
        return new NotifyConfig(smtp, s, nova, publicUrl);
    }

    public NotifyConfig withNova(NovaConfig n) {
        return new NotifyConfig(smtp, sms, n, publicUrl);
    }

    @Override
    public String toString() {
        return "NotifyConfig[smtp=" + (smtp == null ? "none" : smtp) + ", sms=" + (sms == null ? "none" : sms)
                + ", nova=" + (nova == null ? "none" : nova) + ", publicUrl=" + publicUrl + "]";
    }
}
