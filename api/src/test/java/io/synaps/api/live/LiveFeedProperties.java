package io.synaps.api.live;

import io.synaps.api.auth.session.SteppingClock;
import io.synaps.model.MetricId;
import io.synaps.model.alarm.AlarmState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LiveFeedProperties publishes random alarm and metric events to two accounts while random
 * clients read at random paces, disconnect and reconnect with the last id they received. Each
 * client's received sequence must be the account's event sequence with no loss, no duplicate and
 * in order, broken only by a {@code reset} exactly when its resume point had been evicted; a
 * client is dropped only when it really fell behind. Seed printed; rerun with {@code -Dsynaps.seed=}.
 */
class LiveFeedProperties {
    private static final String[] ACCOUNTS = {"111111111111", "222222222222"};
    private static final Instant START = Instant.parse("2026-01-10T12:00:00Z");

    /** The feed's ring as the model sees it: every event of the account and what is still buffered. */
    private static final class AccountModel {
        final List<LiveEvent> all = new ArrayList<>(); // from an eager subscriber, checked against the model
        final List<String> expectedKinds = new ArrayList<>();
        final Set<String> pendingMetrics = new LinkedHashSet<>();
        int buffered;
        long bytes;
        long evictedSeq;
        RecordingSink oracle;

        void appended(LiveEvent e, LiveFeedConfig config) {
            while (buffered > 0 && (buffered == config.bufferEvents()
                    || bytes + e.frame().length > config.bufferBytes())) {
                LiveEvent oldest = all.get(all.size() - 1 - buffered);
                evictedSeq = oldest.seq();
                bytes -= oldest.frame().length;
                buffered--;
            }
            buffered++;
            bytes += e.frame().length;
        }
    }

    private static final class Client {
        final int account;
        final boolean eager;
        RecordingSink sink;
        LiveSubscription sub;
        String lastId;
        int next; // index in the account's event list of the next event this client must receive
        int liveFrom;
        boolean resetExpected;
        int received;
        int resets;
        int drops;

        Client(int account, boolean eager) {
            this.account = account;
            this.eager = eager;
        }
    }

    @Test
    void clientsThatReconnectWithTheirLastIdMissNothingUnlessTheyAreToldToReset() {
        long seed = Long.getLong("synaps.seed", System.nanoTime());
        System.out.println("LiveFeedProperties seed " + seed + " (rerun with -Dsynaps.seed=" + seed + ")");
        Random random = new Random(seed);
        int resets = 0;
        int drops = 0;
        int delivered = 0;
        for (int trial = 0; trial < 300; trial++) {
            int[] stats = trial(new Random(random.nextLong()), trial);
            resets += stats[0];
            drops += stats[1];
            delivered += stats[2];
        }
        System.out.println("LiveFeedProperties: " + delivered + " events delivered, " + resets + " resets, "
                + drops + " lag drops");
        // The generator must reach the interesting cases, or the property says little.
        assertThat(resets).isPositive();
        assertThat(drops).isPositive();
    }

    private int[] trial(Random r, int trial) {
        LiveFeedConfig config = LiveFeedConfig.defaults()
                .withBufferEvents(2 + r.nextInt(20))
                .withBufferBytes(r.nextInt(4) == 0 ? 300 + r.nextInt(2000) : 1 << 20)
                .withMaxBacklog(1 + r.nextInt(8))
                .withMaxMetricsPerEvent(1 + r.nextInt(5));
        SteppingClock clock = new SteppingClock(START.plusSeconds(trial));
        LiveFeed feed = new LiveFeed(config, clock);
        AccountModel[] models = new AccountModel[ACCOUNTS.length];
        for (int a = 0; a < models.length; a++) {
            models[a] = new AccountModel();
            models[a].oracle = RecordingSink.eager();
            feed.subscribe(ACCOUNTS[a], null, models[a].oracle);
        }
        List<Client> clients = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            Client c = new Client(r.nextInt(ACCOUNTS.length), r.nextInt(3) == 0);
            connect(feed, models[c.account], c);
            clients.add(c);
        }
        int alarms = 0;
        for (int step = 0, steps = 50 + r.nextInt(150); step < steps; step++) {
            int op = r.nextInt(100);
            if (op < 30) {
                int a = r.nextInt(ACCOUNTS.length);
                String name = "alarm-" + alarms++;
                feed.onTransition(Transitions.metric(ACCOUNTS[a], name, AlarmState.OK, AlarmState.ALARM, "r",
                        clock.millis()));
                models[a].expectedKinds.add("alarm " + name);
                sync(models[a], config);
            } else if (op < 50) {
                int a = r.nextInt(ACCOUNTS.length);
                String metric = "m" + r.nextInt(8);
                feed.onDatum(r.nextInt(4), ACCOUNTS[a], MetricId.of("App", metric), clock.millis());
                models[a].pendingMetrics.add(metric);
            } else if (op < 60) {
                clock.advance(Duration.ofSeconds(1));
                feed.flush();
                for (AccountModel m : models) {
                    if (!m.pendingMetrics.isEmpty()) {
                        m.expectedKinds.add(m.pendingMetrics.size() > config.maxMetricsPerEvent()
                                ? "metrics overflow" : "metrics " + new TreeSet<>(m.pendingMetrics));
                        m.pendingMetrics.clear();
                        sync(m, config);
                    }
                }
            } else if (op < 85) {
                Client c = clients.get(r.nextInt(clients.size()));
                if (c.sub != null) {
                    read(models[c.account], c, c.sub.poll(1 + r.nextInt(6)));
                }
            } else if (op < 93) {
                Client c = clients.get(r.nextInt(clients.size()));
                if (c.sub != null) {
                    c.sub.close();
                    c.sub = null;
                }
            } else {
                Client c = clients.get(r.nextInt(clients.size()));
                if (c.sub == null) {
                    connect(feed, models[c.account], c);
                }
            }
            for (Client c : clients) {
                checkDrop(models[c.account], c, config);
            }
        }
        // Everyone reconnects and reads to the end: each ends exactly at the account's last event.
        int[] stats = new int[3];
        for (Client c : clients) {
            if (c.sub == null) {
                connect(feed, models[c.account], c);
            }
            read(models[c.account], c, c.sub.poll(Integer.MAX_VALUE));
            assertThat(c.next).as("client caught up").isEqualTo(models[c.account].all.size());
            stats[0] += c.resets;
            stats[1] += c.drops;
            stats[2] += c.received;
        }
        return stats;
    }

    /** Brings the model's event list up to the oracle's and checks the newest event is the expected one. */
    private static void sync(AccountModel m, LiveFeedConfig config) {
        List<LiveEvent> seen = m.oracle.events;
        assertThat(seen).hasSize(m.expectedKinds.size());
        LiveEvent e = seen.get(seen.size() - 1);
        m.all.add(e);
        m.appended(e, config);
        assertThat(kind(e)).isEqualTo(m.expectedKinds.get(m.expectedKinds.size() - 1));
        if (m.all.size() > 1) {
            assertThat(e.seq()).isGreaterThan(m.all.get(m.all.size() - 2).seq());
        }
    }

    private static String kind(LiveEvent e) {
        String d = e.data();
        if (e.type().equals(LiveEvent.ALARM)) {
            return "alarm " + d.replaceAll(".*\"alarmName\":\"([^\"]*)\".*", "$1");
        }
        if (d.contains("\"overflow\":true")) {
            assertThat(d).isEqualTo("{\"metrics\":[],\"overflow\":true}");
            return "metrics overflow";
        }
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"MetricName\":\"([^\"]*)\"").matcher(d);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        assertThat(names).doesNotHaveDuplicates();
        return "metrics " + new TreeSet<>(names);
    }

    private static void connect(LiveFeed feed, AccountModel m, Client c) {
        c.sink = c.eager ? RecordingSink.eager() : RecordingSink.lazy();
        long resume = c.lastId == null ? -1 : Long.parseLong(c.lastId.substring(c.lastId.indexOf('-') + 1));
        c.resetExpected = c.lastId != null && resume < m.evictedSeq;
        c.liveFrom = m.all.size();
        if (c.lastId == null || c.resetExpected) {
            c.next = m.all.size();
        } else {
            int i = 0;
            while (i < m.all.size() && m.all.get(i).seq() <= resume) {
                i++;
            }
            c.next = i;
        }
        c.sub = feed.subscribe(ACCOUNTS[c.account], c.lastId, c.sink);
        if (c.lastId == null) {
            c.lastId = c.sub.startId(); // what SseStream's id-only block gives the browser
        }
        if (c.eager) {
            read(m, c, new ArrayList<>(c.sink.events));
            c.sink.events.clear();
        }
    }

    private static void read(AccountModel m, Client c, List<LiveEvent> events) {
        for (LiveEvent e : events) {
            c.lastId = e.id();
            if (e.type().equals(LiveEvent.RESET)) {
                assertThat(c.resetExpected).as("reset only when the resume point was evicted").isTrue();
                c.resetExpected = false;
                c.resets++;
                continue;
            }
            assertThat(c.resetExpected).as("the reset comes first").isFalse();
            assertThat(c.next).as("no event beyond the account's").isLessThan(m.all.size());
            assertThat(e.id()).as("no loss, no duplicate, in order").isEqualTo(m.all.get(c.next).id());
            c.next++;
            c.received++;
        }
    }

    /** An eager client reads in its sink; a lazy one may be dropped, and only when truly behind. */
    private static void checkDrop(AccountModel m, Client c, LiveFeedConfig config) {
        if (c.sub == null) {
            return;
        }
        if (c.eager) {
            read(m, c, new ArrayList<>(c.sink.events));
            c.sink.events.clear();
            assertThat(c.sub.isClosed()).as("an eager client keeps up").isFalse();
            return;
        }
        int oldestBuffered = m.all.size() - m.buffered;
        boolean behind = c.next < oldestBuffered || m.all.size() - Math.max(c.next, c.liveFrom) > config.maxBacklog();
        if (c.sub.isClosed()) {
            assertThat(c.sink.droppedReason).isEqualTo(LiveFeed.REASON_LAGGING);
            assertThat(behind).as("dropped only when behind").isTrue();
            c.drops++;
            c.sub = null; // reconnects later with its last id
        } else {
            assertThat(behind).as("behind but not dropped").isFalse();
        }
    }
}
