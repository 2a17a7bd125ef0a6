package io.synaps.server;

import io.synaps.api.auth.Credential;
import io.synaps.api.auth.FileCredentialStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Main is the {@code synaps} command: {@code serve} runs a node, {@code keys} manages access keys. */
@Command(name = "synaps", mixinStandardHelpOptions = true, version = "synaps 0.1.0",
        description = "The open CloudWatch: monitoring and alerting for OpenStack and private clouds.",
        subcommands = {Main.Serve.class, Main.Keys.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args.length == 0 ? new String[]{"serve"} : args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Serve starts one node in the foreground; configuration comes from SYNAPS_* environment variables. */
    @Command(name = "serve", description = "Start one Synaps node with embedded storage (configured by SYNAPS_* environment variables).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
            SynapsServer server = SynapsServer.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "synaps-shutdown"));
            System.out.println("Synaps listening on port " + server.port() + " (region " + config.region()
                    + ", data " + config.dataDir().toAbsolutePath().normalize() + ")");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    /** Keys manages the access keys in the node's credentials file; works with the node running or not. */
    @Command(name = "keys", description = "Create, revoke and list access keys (tenants).",
            subcommands = {Keys.Create.class, Keys.Revoke.class, Keys.ListKeys.class})
    static final class Keys implements Runnable {
        @Option(names = "--data-dir", description = "Data directory (default: $SYNAPS_DATA_DIR or ./data)")
        Path dataDir;

        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }

        FileCredentialStore store() {
            Path dir = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("SYNAPS_DATA_DIR", "./data"));
            return new FileCredentialStore(dir.resolve("credentials.json"), Clock.systemUTC());
        }

        @Command(name = "create", description = "Create an access key for an account (12 digits).")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            Keys keys;
            @Option(names = "--account", required = true, description = "12-digit account (tenant) id")
            String account;

            @Override
            public Integer call() {
                if (!account.matches("\\d{12}")) {
                    System.err.println("--account must be 12 digits");
                    return 2;
                }
                Credential c = keys.store().create(account);
                System.out.println("AccessKeyId: " + c.accessKeyId());
                System.out.println("SecretAccessKey: " + c.secretAccessKey());
                System.out.println("AccountId: " + c.accountId());
                return 0;
            }
        }

        @Command(name = "revoke", description = "Revoke an access key.")
        static final class Revoke implements Callable<Integer> {
            @CommandLine.ParentCommand
            Keys keys;
            @Parameters(index = "0", description = "access key id")
            String accessKeyId;

            @Override
            public Integer call() {
                if (!keys.store().revoke(accessKeyId)) {
                    System.err.println("No such access key: " + accessKeyId);
                    return 1;
                }
                System.out.println("Revoked " + accessKeyId);
                return 0;
            }
        }

        @Command(name = "list", description = "List access keys (ids and accounts; never secrets).")
        static final class ListKeys implements Callable<Integer> {
            @CommandLine.ParentCommand
            Keys keys;

            @Override
            public Integer call() {
                for (FileCredentialStore.AccessKey k : keys.store().list()) {
                    System.out.println(k.accessKeyId() + "\t" + k.accountId() + "\t" + k.created());
                }
                return 0;
            }
        }
    }
}
