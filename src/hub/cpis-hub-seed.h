/* cpis-hub-seed.h: deterministic synthetic data for demo and training */
#pragma once

#include "cpis-hub-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *username;
  char *password;
  char *role;          /* "clinician", … */
  char *description;   /* e.g. "Triage nurse, Northgate General Hospital ED (unscheduled care)" */
} CpisHubDemoAccount;

void cpis_hub_demo_account_free (CpisHubDemoAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubDemoAccount, cpis_hub_demo_account_free)

/* Fills @store with local authorities, care settings of every kind,
 * partnership areas, @n_children children and expectant mothers (NHS numbers
 * in the 999 range) with plans of every type and state relative to @today,
 * access histories, and one demo account per role. The same @seed and @today
 * give the same data. Returns the demo accounts (CpisHubDemoAccount). */
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

/* Up to @max of the seeded NHS numbers that have a plan to show on @today
 * (@with_plan), or that have no record at all: children to try in a demo. */
GStrv      cpis_hub_seed_examples    (CpisHubStore *store,
                                      guint         n_children,
                                      guint32       seed,
                                      const GDate  *today,
                                      gboolean      with_plan,
                                      guint         max);

G_END_DECLS
