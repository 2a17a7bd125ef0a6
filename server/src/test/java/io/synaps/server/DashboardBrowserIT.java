package io.synaps.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DashboardBrowserIT drives the web dashboard in Debian's headless Chromium (through chromedriver,
 * Selenium) against a real node on a random port: sign in, open a metric and see its graph, create
 * an alarm from the form, push breaching data with the AWS SDK and see the alarm turn red live
 * without a reload, open a dashboard, sign out. On a failure it writes screenshots of the page and
 * of the main pages to {@code target/browser-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DashboardBrowserIT.ScreenshotsOnFailure.class)
class DashboardBrowserIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String NAMESPACE = "Synaps/BrowserIT";
    private static final String METRIC = "Latency";
    private static final String ALARM = "browser-high-latency";
    private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    /** The node's clock: the system clock, moved forward to expire the session. */
    private static final ShiftableClock CLOCK = new ShiftableClock();
    private static EmbeddedNode node;
    private static CloudWatchClient cloudWatch;
    private static WebDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        node = EmbeddedNode.start(CLOCK);
        node.addUser(USER, PASSWORD, node.config().adminAccountId());
        cloudWatch = node.cloudWatch();
        driver = chromium();
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (node != null) {
            node.close();
        }
        if (profile != null) {
            EmbeddedNode.deleteRecursively(profile);
        }
    }

    /** Debian's Chromium, headless, with the flags this machine's closed network needs. */
    private static WebDriver chromium() throws IOException {
        File browser = new File(System.getProperty("synaps.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("synaps.chromedriver", "/usr/bin/chromedriver"));
        assertThat(browser.canExecute()).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isTrue();
        assertThat(chromedriver.canExecute()).as("Debian's chromium-driver (apt-get install chromium-driver)").isTrue();
        profile = Files.createTempDirectory("synaps-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @Test
    @Order(1)
    void refusesAWrongPasswordThenSignsIn() {
        driver.get(ui(""));
        waitFor("signin-form");
        signIn(USER, "not the password");
        WebElement error = waitFor("signin-error");
        waitUntil(d -> !error.getText().isBlank());
        assertThat(error.getText()).containsIgnoringCase("incorrect");

        signIn(USER, PASSWORD);
        waitFor("nav-overview");
        waitUntil(d -> "open".equals(byTestId("live-status").getAttribute("data-state")));
        assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void opensAMetricAndSeesItsGraph() {
        Instant now = Instant.now();
        List<MetricDatum> data = new ArrayList<>();
        for (int minutesAgo = 30; minutesAgo >= 2; minutesAgo--) {
            data.add(datum(10 + minutesAgo % 5, now.minus(Duration.ofMinutes(minutesAgo))));
        }
        cloudWatch.putMetricData(b -> b.namespace(NAMESPACE).metricData(data));

        click("nav-metrics");
        waitUntil(d -> !namespaces().isEmpty());
        namespaces().stream().filter(e -> e.getText().contains(NAMESPACE)).findFirst().orElseThrow().click();
        WebElement row = waitUntilFound(By.cssSelector("[data-testid=metric-row][data-metric-name='" + METRIC + "']"));
        row.click();
        WebElement graph = waitFor("graph");
        waitUntil(d -> "ready".equals(graph.getAttribute("data-state")));
        assertThat(Integer.parseInt(graph.getAttribute("data-points"))).isGreaterThanOrEqualTo(20);
        assertThat(graph.findElements(By.tagName("canvas"))).isNotEmpty();
        assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void createsAnAlarmFromTheFormAndSeesItTurnRedLive() {
        click("nav-alarms");
        click("alarm-new");
        type("alarm-name", ALARM);
        type("alarm-namespace", NAMESPACE);
        type("alarm-metric", METRIC);
        type("alarm-dimensions", "Host=web-1");
        new Select(byTestId("alarm-statistic")).selectByValue("Maximum");
        type("alarm-period", "60");
        type("alarm-evaluation-periods", "1");
        type("alarm-datapoints", "1");
        new Select(byTestId("alarm-comparison")).selectByValue("GreaterThanThreshold");
        type("alarm-threshold", "100");
        // The form back-tests the alarm over the last day before it is saved.
        WebElement preview = waitFor("alarm-preview");
        waitUntil(d -> preview.getAttribute("data-transitions") != null);
        click("alarm-save");
        waitUntil(d -> !cloudWatch.describeAlarms(b -> b.alarmNames(ALARM)).metricAlarms().isEmpty());
        assertThat(cloudWatch.describeAlarms(b -> b.alarmNames(ALARM)).metricAlarms()).singleElement()
                .satisfies(a -> {
                    assertThat(a.threshold()).isEqualTo(100.0);
                    assertThat(a.statisticAsString()).isEqualTo("Maximum");
                    assertThat(a.dimensions()).containsExactly(Dimension.builder().name("Host").value("web-1").build());
                });

        driver.get(ui("#/alarms/" + ALARM));
        WebElement state = waitFor("alarm-state");
        waitUntil(d -> List.of("OK", "INSUFFICIENT_DATA").contains(byTestId("alarm-state").getAttribute("data-state")));
        js("window.__synapsNoReload = 'still here';");

        // A breaching datum in the minute that just closed: the engine evaluates it on arrival.
        long minute = Instant.now().getEpochSecond() / 60 * 60;
        cloudWatch.putMetricData(b -> b.namespace(NAMESPACE).metricData(datum(500, Instant.ofEpochSecond(minute - 30))));

        waitUntil(Duration.ofSeconds(90), d -> "ALARM".equals(byTestId("alarm-state").getAttribute("data-state")));
        assertThat(js("return window.__synapsNoReload;")).isEqualTo("still here");
        assertThat(state.isDisplayed()).isTrue();
        assertNoConsoleErrors();
    }

    @Test
    @Order(4)
    void opensADashboardAndShowsValidationMessagesForABadBody() {
        String body = """
                {"widgets":[
                  {"type":"metric","x":0,"y":0,"width":12,"height":6,"properties":{
                    "metrics":[["%1$s","%2$s","Host","web-1"]],"stat":"Maximum","period":60,
                    "region":"us-east-1","title":"Latency"}},
                  {"type":"text","x":12,"y":0,"width":12,"height":6,"properties":{"markdown":"# Runbook\\nCall **ops**."}},
                  {"type":"alarm","x":0,"y":6,"width":24,"height":3,"properties":{"alarms":["arn:aws:cloudwatch:us-east-1:%3$s:alarm:%4$s"],"title":"Alarms"}}
                ]}""".formatted(NAMESPACE, METRIC, node.config().adminAccountId(), ALARM);
        cloudWatch.putDashboard(b -> b.dashboardName("browser-it").dashboardBody(body));

        click("nav-dashboards");
        waitUntilFound(By.cssSelector("[data-testid=dashboard-row][data-name='browser-it'] a, a[data-testid=dashboard-row][data-name='browser-it']")).click();
        WebElement view = waitFor("dashboard-view");
        waitUntil(d -> "true".equals(view.getAttribute("data-rendered")));
        List<WebElement> widgets = driver.findElements(By.cssSelector("[data-testid=widget]"));
        assertThat(widgets).extracting(w -> w.getAttribute("data-type")).containsExactly("metric", "text", "alarm");
        assertThat(widgets).allSatisfy(w -> assertThat(w.getAttribute("data-rendered")).isEqualTo("true"));
        assertThat(widgets.get(1).findElement(By.tagName("h1")).getText()).isEqualTo("Runbook");
        assertThat(widgets.get(2).getText()).contains(ALARM);

        click("dashboard-edit");
        WebElement editor = waitFor("dashboard-body");
        editor.clear();
        editor.sendKeys("{\"widgets\":[{\"type\":\"metric\",\"properties\":{}}]}");
        click("dashboard-save");
        WebElement errors = waitFor("dashboard-errors");
        waitUntil(d -> !errors.getText().isBlank());
        assertThat(errors.getText()).contains("/widgets/0/properties");
        assertThat(byTestId("dashboard-body").getAttribute("value")).contains("\"properties\":{}");
        assertThat(cloudWatch.getDashboard(b -> b.dashboardName("browser-it")).dashboardBody()).contains("Runbook");
    }

    @Test
    @Order(5)
    void everyMainPageFitsAPhoneWidthScreen() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
        try {
            for (String route : List.of("#/overview", "#/metrics", "#/alarms", "#/alarms/" + ALARM, "#/dashboards",
                    "#/dashboards/browser-it", "#/topics")) {
                driver.get(ui(route));
                waitFor("page-title");
                Number overflow = (Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(overflow.intValue()).as("horizontal overflow of %s at 375 px", route).isLessThanOrEqualTo(0);
            }
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
        assertNoConsoleErrors();
    }

    @Test
    @Order(6)
    void anExpiredSessionReturnsToSignInAndBackWithoutLosingTheForm() {
        driver.get(ui("#/alarms/new"));
        type("alarm-name", "kept-after-expiry");
        type("alarm-namespace", NAMESPACE);
        type("alarm-metric", METRIC);
        type("alarm-threshold", "100");
        WebElement preview = waitFor("alarm-preview");
        waitUntil(d -> preview.getAttribute("data-transitions") != null);

        CLOCK.shift(Duration.ofHours(2)); // past the session's one-hour idle timeout
        type("alarm-threshold", "7"); // the form's next back-test call finds the session gone
        waitFor("signin-form");
        signIn(USER, PASSWORD);
        waitUntil(d -> "kept-after-expiry".equals(waitFor("alarm-name").getAttribute("value")));
        assertThat(driver.getCurrentUrl()).endsWith("#/alarms/new");
        assertThat(byTestId("alarm-namespace").getAttribute("value")).isEqualTo(NAMESPACE);
        assertNoConsoleErrors();
    }

    @Test
    @Order(7)
    void signsOut() {
        driver.get(ui("#/alarms"));
        click("signout");
        waitFor("signin-form");
        driver.get(ui("#/alarms"));
        waitFor("signin-form");
        assertNoConsoleErrors();
    }

    // --- helpers ---

    private static MetricDatum datum(double value, Instant at) {
        return MetricDatum.builder().metricName(METRIC).unit(StandardUnit.MILLISECONDS).value(value).timestamp(at)
                .dimensions(Dimension.builder().name("Host").value("web-1").build()).build();
    }

    private static String ui(String fragment) {
        return node.endpoint() + "/ui/" + fragment;
    }

    private static void signIn(String user, String password) {
        WebElement name = byTestId("signin-user");
        name.clear();
        name.sendKeys(user);
        WebElement secret = byTestId("signin-password");
        secret.clear();
        secret.sendKeys(password);
        click("signin-submit");
    }

    private static List<WebElement> namespaces() {
        return driver.findElements(By.cssSelector("[data-testid=namespace]"));
    }

    private static WebElement byTestId(String id) {
        return driver.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    private static WebElement waitFor(String testId) {
        return waitUntilFound(By.cssSelector("[data-testid='" + testId + "']"));
    }

    private static WebElement waitUntilFound(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static void click(String testId) {
        waitFor(testId).click();
    }

    private static void type(String testId, String text) {
        WebElement e = waitFor(testId);
        e.clear();
        e.sendKeys(text);
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        waitUntil(Duration.ofSeconds(20), condition);
    }

    private static void waitUntil(Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> Boolean.TRUE.equals(condition.apply(d)));
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Console errors the page logged since the last check (a failed resource load counts). */
    private static void assertNoConsoleErrors() {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().contains("401 (Unauthorized)")) {
                severe.add(entry.getMessage());
            }
        }
        assertThat(severe).as("browser console errors").isEmpty();
    }

    /** Writes the failing page, then each main page, as PNG (and the failing page's HTML). */
    static final class ScreenshotsOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver == null) {
                return;
            }
            String test = context.getRequiredTestMethod().getName();
            try {
                Files.createDirectories(SCREENSHOTS);
                shoot(test + "-failed");
                Files.writeString(SCREENSHOTS.resolve(test + "-failed.html"), driver.getPageSource(), StandardCharsets.UTF_8);
                for (String page : List.of("overview", "metrics", "alarms", "dashboards", "topics")) {
                    driver.get(ui("#/" + page));
                    Thread.sleep(1500);
                    shoot(test + "-" + page);
                }
            } catch (Exception e) {
                System.err.println("could not write screenshots: " + e);
            }
        }

        private static void shoot(String name) throws IOException {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
            System.err.println("screenshot: " + SCREENSHOTS.resolve(name + ".png").toAbsolutePath());
        }
    }
}
