/* cpis-measure-report-csv.h: an area's figures written as CSV, for a
 * spreadsheet
 *
 * One row per figure: a measure's own count (breakdown empty), then one per
 * stratum of each of its breakdowns (by week, by setting kind, by LA, by
 * setting). Every row names the area, the LA chosen and the period, so that
 * a row copied out still says what it counts. A count the hub withheld is
 * "<5" (or "hidden", withheld with one that is: perhaps 5 or more), never
 * 0; a figure it did not give is an empty cell.
 */
#pragma once

#include <glib.h>

#include "cpis-measure-report.h"

G_BEGIN_DECLS

/* The columns, in order */
#define CPIS_MEASURE_REPORT_CSV_N_COLUMNS 14
extern const char *const cpis_measure_report_csv_header[CPIS_MEASURE_REPORT_CSV_N_COLUMNS];

/* What a withheld count is written as: fewer than 5, or hidden with one */
#define CPIS_MEASURE_REPORT_CSV_SUPPRESSED "<5"
#define CPIS_MEASURE_REPORT_CSV_HIDDEN     "hidden"

/* (transfer full) @report as CSV (RFC 4180: CRLF, every cell quoted, and a
 * cell a spreadsheet would run as a formula made inert, cpis_csv_append_row).
 * @la_name: the LA the figures were chosen for, or NULL for all the area's */
GBytes *cpis_measure_report_to_csv (CpisMeasureReport *report,
                                    const char        *la_name);

G_END_DECLS
