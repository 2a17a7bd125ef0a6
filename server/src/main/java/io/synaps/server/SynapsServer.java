package io.synaps.server;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.ActionsConfig;
import io.synaps.api.action.CloudWatchActions;
import io.synaps.api.action.delivery.ListDeadLettersAction;
import io.synaps.api.auth.Credential;
import io.synaps.api.auth.FileCredentialStore;
import io.synaps.api.auth.session.Argon2idHasher;
import io.synaps.api.auth.session.FileUserStore;
import io.synaps.api.auth.session.LocalSignIn;
import io.synaps.api.auth.session.SessionStore;
import io.synaps.api.auth.session.SignInThrottle;
import io.synaps.api.http.ApiConfig;
import io.synaps.api.http.ApiServer;
import io.synaps.api.http.DashboardSite;
import io.synaps.api.live.ListActiveMetricsAction;
import io.synaps.api.live.LiveFeed;
import io.synaps.api.live.LiveFeedConfig;
import io.synaps.api.live.SseStream;
import io.synaps.dashboard.DashboardAssets;
import io.synaps.engine.EngineConfig;
import io.synaps.engine.MetricEngine;
import io.synaps.engine.alarm.AlarmEngine;
import io.synaps.engine.alarm.AlarmEngineConfig;
import io.synaps.journal.SegmentJournal;
import io.synaps.journal.SegmentJournalConfig;
import io.synaps.notify.dispatch.Dispatcher;
import io.synaps.notify.dispatch.DispatcherConfig;
import io.synaps.notify.dispatch.Notifier;
import io.synaps.notify.email.EmailNotifier;
import io.synaps.notify.nova.NovaNotifier;
import io.synaps.notify.slack.SlackNotifier;
import io.synaps.notify.sms.SmsNotifier;
import io.synaps.notify.webhook.HttpPoster;
import io.synaps.notify.webhook.WebhookNotifier;
import io.synaps.store.alarm.TransitionListener;
import io.synaps.store.topic.TopicStore;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SynapsServer is one running node: journal, RocksDB store, engine, alarm engine, deliveries, the
 * dashboard's live feed and the API (with the web dashboard, its users file and sessions) wired
 * together. Start it with {@link #start}; {@link #close} stops it in reverse order (API first, so
 * no request is acknowledged after the engine stopped). Thread-safe to close once from any thread.
 */
public final class SynapsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SynapsServer.class);
    /** Keep-alive comment interval of the dashboard's event streams. */
    static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(15);

    private final SegmentJournal journal;
    private final RocksDbStorage storage;
    private final MetricEngine engine;
    private final AlarmEngine alarms;
    private final Dispatcher dispatcher;
    private final LiveFeed live;
    private final ApiServer api;
    private final int port;
    private volatile boolean closed;

    private SynapsServer(SegmentJournal journal, RocksDbStorage storage, MetricEngine engine, AlarmEngine alarms,
                         Dispatcher dispatcher, LiveFeed live, ApiServer api, int port) {
        this.journal = journal;
        this.storage = storage;
        this.engine = engine;
        this.alarms = alarms;
        this.dispatcher = dispatcher;
        this.live = live;
        this.api = api;
        this.port = port;
    }

    /** Opens (or creates) the node's data under {@code config.dataDir()}, replays the journal and starts serving. */
    public static SynapsServer start(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        FileCredentialStore credentials = new FileCredentialStore(config.credentialsFile(), config.clock());
        credentials.ensure(new Credential(config.adminAccessKeyId(), config.adminSecretAccessKey(), config.adminAccountId()));
        FileUserStore users = new FileUserStore(config.usersFile(), new Argon2idHasher(), config.clock());
        if (config.adminUser() != null && config.adminPassword() != null) {
            users.ensure(config.adminUser(), config.adminAccountId(), config.adminPassword().toCharArray());
        }

        SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(config.dataDir().resolve("journal"), config.partitions()));
        RocksDbStorage storage = null;
        MetricEngine engine = null;
        AlarmEngine alarms = null;
        Dispatcher dispatcher = null;
        LiveFeed live = null;
        try {
            storage = RocksDbStorage.open(config.dataDir().resolve("store"), config.clock());
            EngineConfig engineConfig = EngineConfig.defaults(config.partitions())
                    .withMaxActiveSeriesPerAccount(config.maxActiveSeriesPerAccount());
            engine = new MetricEngine(journal, storage.metricStore(), engineConfig, config.clock());
            // Deliveries resume (and lost hand-overs are reconciled) before any new transition.
            dispatcher = new Dispatcher(DispatcherConfig.defaults(config.region(), config.delivery().publicUrl()),
                    storage.alarmStore(), storage.topicStore(), storage.outboxStore(), notifiers(config, storage.topicStore()),
                    config.clock());
            dispatcher.start();
            live = new LiveFeed(LiveFeedConfig.defaults(), config.clock());
            live.start();
            // The alarm engine listens to the partitions' logs, so it exists before they replay; the
            // live feed hears every datum and transition after the alarm side and the dispatcher.
            alarms = new AlarmEngine(engine, new TeeingPartitionLog(engine, live), storage.alarmStore(), storage.tagStore(),
                    TransitionListener.both(dispatcher, live), AlarmEngineConfig.defaults(config.region()), config.clock());
            engine.start();
            alarms.start();

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);

            List<Action> handlers = new ArrayList<>(CloudWatchActions.create(engine, engine, storage.dashboardStore(),
                    alarms, storage.tagStore(), storage.topicStore(), dispatcher, ActionsConfig.defaults()));
            handlers.add(new ListDeadLettersAction(storage.outboxStore()));
            handlers.add(new ListActiveMetricsAction(live));
            ActionRegistry actions = ActionRegistry.of(handlers);
            LiveFeed feed = live;
            DashboardSite dashboard = new DashboardSite(new LocalSignIn(users),
                    new SessionStore(config.sessions(), config.clock()), new SignInThrottle(config.clock()),
                    new DashboardAssets(),
                    (ctx, version, account, lastEventId) -> SseStream.start(ctx, version, feed, account, lastEventId,
                            EVENT_HEARTBEAT));
            ApiServer api = new ApiServer(ApiConfig.defaults(config.port(), config.region()), credentials, actions,
                    registry, config.clock(), () -> UUID.randomUUID().toString(), dashboard);
            int port;
            try {
                port = api.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding the API port", e);
            }
            LOG.info("Synaps node started: {}", config);
            return new SynapsServer(journal, storage, engine, alarms, dispatcher, live, api, port);
        } catch (RuntimeException e) {
            if (alarms != null) {
                alarms.close();
            }
            if (dispatcher != null) {
                dispatcher.close();
            }
            if (live != null) {
                live.close();
            }
            if (engine != null) {
                engine.close();
            }
            if (storage != null) {
                storage.close();
            }
            journal.close();
            throw e;
        }
    }

    /** The channels this node can deliver to: webhooks and Slack always, the rest when configured. */
    private static List<Notifier> notifiers(ServerConfig config, TopicStore topics) {
        HttpPoster http = HttpPoster.defaults();
        List<Notifier> list = new ArrayList<>();
        list.add(new WebhookNotifier(topics, http));
        list.add(new SlackNotifier(http));
        NotifyConfig notify = config.delivery();
        if (notify.smtp() != null) {
            list.add(new EmailNotifier(notify.smtp()));
        }
        if (notify.sms() != null) {
            list.add(new SmsNotifier(notify.sms(), http));
        }
        if (notify.nova() != null) {
            list.add(new NovaNotifier(notify.nova(), config.clock()));
        }
        return list;
    }

    /** The port the API listens on. */
    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        api.close();
        alarms.close();
        dispatcher.close();
        live.close();
        engine.close();
        storage.close();
        journal.close();
        LOG.info("Synaps node stopped");
    }
}
