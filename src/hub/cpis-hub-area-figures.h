/* cpis-hub-area-figures.h: an area's figures for a period, counted from
 * the store and suppressed (docs/api.md, "Area figures")
 *
 * What a partnership officer may see: counts, never a child. Each group is
 * one figure of the contract (las-live, attendances, follow-up…) with its
 * stratifiers; the encoder (cpis-hub-fhir-measure.c) writes it as a FHIR
 * MeasureReport.
 */
#pragma once

#include "cpis-hub-store.h"

G_BEGIN_DECLS

/* Withheld: from 1 to 4 */
#define CPIS_HUB_FIGURE_SUPPRESSED ((gint64) -1)
/* Withheld with a count from 1 to 4, so that it cannot be worked out from
 * a total: may be 5 or more, and is never said to be fewer than 5 */
#define CPIS_HUB_FIGURE_HIDDEN ((gint64) -3)
/* No such count in the group */
#define CPIS_HUB_FIGURE_NONE ((gint64) -2)

typedef struct
{
  char   *value;            /* "2026-11-02", an ODS code, a code */
  char   *text;             /* in words; may be NULL */
  gint64  count;
  char   *kind;             /* a setting's kind, for the settings group; else NULL */
  gint64  last_check_usec;  /* a setting's last check (0: never), for the settings group */
} CpisHubFigureStratum;

typedef struct
{
  const char *code;     /* "week", "la", "setting-kind", … */
  const char *display;
  GPtrArray  *strata;   /* CpisHubFigureStratum */
} CpisHubFigureStratifier;

typedef struct
{
  const char *code;         /* "attendances" */
  const char *display;      /* "Unscheduled attendances" */
  gint64      count;        /* numerator or initial population, or CPIS_HUB_FIGURE_NONE */
  gint64      denominator;  /* or CPIS_HUB_FIGURE_NONE */
  gint64      score;        /* whole minutes, or CPIS_HUB_FIGURE_NONE */
  gboolean    of_children;  /* counts children or their attendances: suppressed */
  GPtrArray  *stratifiers;  /* CpisHubFigureStratifier */
} CpisHubFigureGroup;

typedef struct
{
  char      *area;
  GDate      first;
  GDate      last;
  GPtrArray *groups;  /* CpisHubFigureGroup, in the contract's order */
} CpisHubAreaFigures;

/* The figures of @area for @first … @last (UK days), of @la_id's LA only
 * for LA-based figures when not 0, at @now_usec (what is still open), as
 * counted: suppress them before they leave the hub. */
CpisHubAreaFigures *cpis_hub_area_figures_compute (CpisHubStore  *store,
                                                   const char    *area,
                                                   gint64         la_id,
                                                   const GDate   *first,
                                                   const GDate   *last,
                                                   gint64         now_usec,
                                                   GError       **error);
/* Suppresses the small counts of the groups that count children or their
 * attendances (docs/api.md, "Suppression of small counts") */
void                cpis_hub_area_figures_suppress (CpisHubAreaFigures *figures);
void                cpis_hub_area_figures_free     (CpisHubAreaFigures *figures);

const CpisHubFigureGroup *cpis_hub_area_figures_lookup_group (const CpisHubAreaFigures *figures,
                                                              const char               *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubAreaFigures, cpis_hub_area_figures_free)

G_END_DECLS
