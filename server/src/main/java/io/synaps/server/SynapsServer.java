package io.synaps.server;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.ActionsConfig;
import io.synaps.api.action.CloudWatchActions;
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
import io.synaps.store.alarm.TransitionListener;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    private final ApiServer api;
    private final int port;
    private volatile boolean closed;

    private SynapsServer(SegmentJournal journal, RocksDbStorage storage, MetricEngine engine, AlarmEngine alarms,
                         ApiServer api, int port) {
        this.journal = journal;
        this.storage = storage;
        this.engine = engine;
        this.alarms = alarms;
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
        try {
            storage = RocksDbStorage.open(config.dataDir().resolve("store"), config.clock());
            EngineConfig engineConfig = EngineConfig.defaults(config.partitions())
                    .withMaxActiveSeriesPerAccount(config.maxActiveSeriesPerAccount());
            engine = new MetricEngine(journal, storage.metricStore(), engineConfig, config.clock());
            // The alarm engine listens to the partitions' logs, so it exists before they replay.
            alarms = new AlarmEngine(engine, engine, storage.alarmStore(), storage.tagStore(), TransitionListener.NONE,
                    AlarmEngineConfig.defaults(config.region()), config.clock());
            engine.start();
            alarms.start();

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);

            ActionRegistry actions = ActionRegistry.of(CloudWatchActions.create(engine, engine, storage.dashboardStore(),
                    alarms, storage.tagStore(), ActionsConfig.defaults()));
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
            return new SynapsServer(journal, storage, engine, alarms, api, port);
        } catch (RuntimeException e) {
            if (alarms != null) {
                alarms.close();
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
        engine.close();
        storage.close();
        journal.close();
        LOG.info("Synaps node stopped");
    }
}
