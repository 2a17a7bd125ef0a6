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
import io.synaps.api.http.ApiConfig;
import io.synaps.api.http.ApiServer;
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
import io.synaps.store.topic.TopicStore;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SynapsServer is one running node: journal, RocksDB store, engine and API wired together.
 * Start it with {@link #start}; {@link #close} stops it in reverse order (API first, so no
 * request is acknowledged after the engine stopped). Thread-safe to close once from any thread.
 */
public final class SynapsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SynapsServer.class);

    private final SegmentJournal journal;
    private final RocksDbStorage storage;
    private final MetricEngine engine;
    private final AlarmEngine alarms;
    private final Dispatcher dispatcher;
    private final ApiServer api;
    private final int port;
    private volatile boolean closed;

    private SynapsServer(SegmentJournal journal, RocksDbStorage storage, MetricEngine engine, AlarmEngine alarms,
                         Dispatcher dispatcher, ApiServer api, int port) {
        this.journal = journal;
        this.storage = storage;
        this.engine = engine;
        this.alarms = alarms;
        this.dispatcher = dispatcher;
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

        SegmentJournal journal = SegmentJournal.open(SegmentJournalConfig.of(config.dataDir().resolve("journal"), config.partitions()));
        RocksDbStorage storage = null;
        MetricEngine engine = null;
        AlarmEngine alarms = null;
        Dispatcher dispatcher = null;
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
            // The alarm engine listens to the partitions' logs, so it exists before they replay.
            alarms = new AlarmEngine(engine, engine, storage.alarmStore(), storage.tagStore(), dispatcher,
                    AlarmEngineConfig.defaults(config.region()), config.clock());
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
            ActionRegistry actions = ActionRegistry.of(handlers);
            ApiServer api = new ApiServer(ApiConfig.defaults(config.port(), config.region()), credentials, actions,
                    registry, config.clock(), () -> UUID.randomUUID().toString());
            int port;
            try {
                port = api.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding the API port", e);
            }
            LOG.info("Synaps node started: {}", config);
            return new SynapsServer(journal, storage, engine, alarms, dispatcher, api, port);
        } catch (RuntimeException e) {
            if (alarms != null) {
                alarms.close();
            }
            if (dispatcher != null) {
                dispatcher.close();
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
        engine.close();
        storage.close();
        journal.close();
        LOG.info("Synaps node stopped");
    }
}
