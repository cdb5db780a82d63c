/* cpis-area-report.h: an area's figures as a PDF report, for the
 * partnership's board
 *
 * A4 pages drawn with cairo's PDF surface: first the area, the period, the
 * LA chosen, when and by whom the report was produced, the headline figures
 * and what is withheld ("fewer than 5"); then the charts, drawn as on screen
 * but dark on white; then each LA's upload match rate and the area's
 * settings. Every page's foot names the area and the period, and says which
 * page of how many it is, so that a page taken out of the pack still says
 * what it counts. Text stays text: the figures can be read out and copied.
 */
#pragma once

#include <glib.h>

#include "cpis-measure-report.h"

G_BEGIN_DECLS

#define CPIS_AREA_REPORT_ERROR (cpis_area_report_error_quark ())

typedef enum
{
  CPIS_AREA_REPORT_ERROR_FAILED,  /* cairo could not write the PDF */
} CpisAreaReportError;

GQuark  cpis_area_report_error_quark (void);

/* (transfer full) the PDF of @report, the figures for @first … @last; for
 * @la_name (NULL: all the area's LAs); produced at @produced by
 * @produced_by ("Pat Officer (officer)"). NULL with an error if cairo
 * could not write it. */
GBytes *cpis_area_report_to_pdf (CpisMeasureReport *report,
                                 const GDate       *first,
                                 const GDate       *last,
                                 const char        *la_name,
                                 GDateTime         *produced,
                                 const char        *produced_by,
                                 GError           **error);

G_END_DECLS
