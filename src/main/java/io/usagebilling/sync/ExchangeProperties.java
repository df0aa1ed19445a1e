package io.usagebilling.sync;

import java.util.Set;

/**
 * The exchange properties that routes and beans hand each other, named once. Beans use these
 * constants; the YAML routes spell the same names ({@code ${exchangeProperty.syncRunId}}), and
 * RoutesFilesTest refuses a route that uses any other.
 */
public final class ExchangeProperties {

    /** The sync run being worked on (its id is also a plan's id). */
    public static final String SYNC_RUN_ID = "syncRunId";
    /** The tenant-local day the run syncs. */
    public static final String USAGE_DATE = "usageDate";
    /** The module whose source is being collected or whose file is being read. */
    public static final String MODULE = "module";
    /** The configured base URL of the module's API, set by its source route. */
    public static final String SOURCE_BASE_URL = "sourceBaseUrl";
    /** The module's API answers for a past day (poll-source parameter servesPastDays). */
    public static final String SERVES_PAST_DAYS = "servesPastDays";
    /** False when the module's collection for the run's day is settled without polling it. */
    public static final String COLLECT = "collect";
    /** The module's collection under way (an intake.PolledCollection), set when it begins. */
    public static final String COLLECTION = "collection";
    /** The URL of the page being fetched; null when the last page is done. */
    public static final String PAGE_URL = "pageUrl";
    /** The PSA's request counters when the run started, for the run's summary. */
    public static final String PSA_TRAFFIC_AT_START = "psaTrafficAtStart";
    /** True: hold every change of the run as a plan instead of sending it. */
    public static final String HOLD_ALL = "holdAll";
    /** True: this collector helps with any running sync (sync-worker) instead of its own run. */
    public static final String HELPING = "helping";
    /** A delivery run's bulk reads of the PSA and the changes waiting for their read-back (a delivery.RunReads). */
    public static final String PSA_READS = "psaReads";
    /** What a reconcile run was asked to do (a delivery.Reconciler.Request). */
    public static final String RECONCILE_REQUEST = "reconcileRequest";

    public static final Set<String> ALL = Set.of(SYNC_RUN_ID, USAGE_DATE, MODULE, SOURCE_BASE_URL, SERVES_PAST_DAYS, COLLECT,
            COLLECTION, PAGE_URL, PSA_TRAFFIC_AT_START, HOLD_ALL, HELPING, RECONCILE_REQUEST,
            PSA_READS);

    private ExchangeProperties() {}
}
