/* cpis-hub-seed.h: deterministic synthetic data for demo and training */
#pragma once

#include "cpis-demo-account.h"
#include "cpis-hub-store.h"

G_BEGIN_DECLS


/* Fills @store with local authorities, care settings of every kind,
 * partnership areas, @n_children children and expectant mothers (NHS numbers
 * in the 999 range) with demographics and with plans of every type and state
 * relative to @today, access histories, and one demo account per role; some
 * children restricted, one with a superseded old number, one whose plan was
 * uploaded under another name. The same @seed and @today give the same data.
 * Returns the demo accounts (CpisDemoAccount). */
GPtrArray *cpis_hub_seed (CpisHubStore  *store,
                          guint          n_children,
                          guint32        seed,
                          const GDate   *today,
                          GError       **error);

/* The NHS numbers cpis_hub_seed() gives its patients for @n_children and
 * @seed, in the order it creates them: bare ten digits in the 999 range with
 * a valid check digit, no two alike (the first n of a larger count are the
 * same). Array of char *. For tests and for listing demo patients. */
GPtrArray *cpis_hub_seed_nhs_numbers (guint    n_children,
                                      guint32  seed);

/* The NHS number cpis_hub_seed() gives the superseded (old) record of a
 * child with a new number: the one after the children's in the same stream,
 * so never one of theirs. The record is there when the seed has a second
 * active-CPP child, as it always has for @n_children ≥ 15. */
char      *cpis_hub_seed_superseded_nhs_number (guint    n_children,
                                                guint32  seed);

/* Demographics to try in a demo (the seed's own, read back from @store):
 * each NULL if there is none (fewer than 15 children, say) */
typedef struct
{
  char *restricted;    /* a restricted child with a plan to show */
  char *superseded;    /* a superseded NHS number… */
  char *current;       /* …and the one that replaced it, a child with a plan to show */
  char *name_differs;  /* a child with a plan to show uploaded under another name */
} CpisHubSeedDemographicsExamples;

void cpis_hub_seed_demographics_examples_free (CpisHubSeedDemographicsExamples *examples);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubSeedDemographicsExamples,
                               cpis_hub_seed_demographics_examples_free)

CpisHubSeedDemographicsExamples *cpis_hub_seed_demographics_examples (CpisHubStore *store,
                                                                       guint         n_children,
                                                                       guint32       seed,
                                                                       const GDate  *today);

/* Up to @max of the seeded NHS numbers that have a plan to show on @today
 * (@with_plan), or that have no record at all: children to try in a demo. */
GStrv      cpis_hub_seed_examples    (CpisHubStore *store,
                                      guint         n_children,
                                      guint32       seed,
                                      const GDate  *today,
                                      gboolean      with_plan,
                                      guint         max);

/* Children to try in a demo, one of each kind the clinician view treats
 * differently, in the order a demo walks through them. @kinds (if not NULL)
 * gets, for each, what it shows: "cpp", "lac", "ended-and-active", "ended-only",
 * "ucpp-past-due", "ucpp", "two-councils", "restricted", "name-differs".
 * Each kind appears once at most. (The superseded number of
 * cpis_hub_seed_demographics_examples() has no plan of its own.) */
GStrv      cpis_hub_seed_demo_children (CpisHubStore *store,
                                        guint         n_children,
                                        guint32       seed,
                                        const GDate  *today,
                                        GStrv        *kinds);

G_END_DECLS
