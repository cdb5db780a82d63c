/* cpis-hub-seed.c: deterministic synthetic data for demo and training
 *
 * Everything here is invented: place names, organisation names, ODS codes
 * (local authorities "9A1"…"9C2", care settings "ZZ…"/"Z99…", shapes no real
 * organisation has), telephone numbers (Ofcom's ranges reserved for drama:
 * 020 7946 0xxx, 0113 496 0xxx, 0161 496 0xxx, 07700 900xxx), people's names
 * (common given and family names combined at random), postcodes (areas "QN",
 * "QE", "QW": Q never starts a real postcode) and NHS numbers (999 range, valid
 * Modulus 11 check digit).
 *
 * The same @seed and @today give the same rows: one GRand seeded with @seed
 * drives every choice, and all dates are counted from @today. NHS numbers come
 * from a second GRand (see cpis_hub_seed_nhs_numbers()) so a caller can find
 * the seeded patients again. Store ids and UUIDs are the store's own and differ
 * between runs.
 *
 * Patients come in shuffled blocks of 15 scenarios, so any @n_children ≥ 15
 * has every one of them: 5 with no plan (a third: "no record found" is
 * demonstrable), 2 active CPP, 1 active LAC, 1 CPP ended within 365 days
 * (shown), 1 CPP and 1 LAC ended more than 365 days ago (not shown), 1 child
 * with two plans from different LAs (an ended CPP from another LA and an active
 * LAC from their own), and 3 expectant mothers (aged 18–40) with a UCPP: due
 * date ahead, due date passed less than 28 days ago (shown), due date passed
 * long ago (not shown). Children are 0–17 years old.
 *
 * Demographics, in the shape of PDS: every child and mother has a record.
 * The child with two plans from different LAs in each block is restricted
 * (a sensitive record: no address is answered), as children in care or
 * adopted often are. The second active-CPP child was given a new NHS number:
 * a superseded record (the number after the children's in the NHS number
 * stream, cpis_hub_seed_superseded_nhs_number()) points to theirs, which
 * holds the plan. The first active-LAC child's plan was uploaded under
 * another family name (the next one in family_names), as if demographics
 * had changed the name since: its CareTeam's subject.display differs from
 * the demographics name. None of these draws from the GRand, so the rest of
 * the data is as it was before they were added.
 *
 * Access histories are unscheduled accesses in the past, while a plan was
 * shown, each notifying the LA of every plan shown on that day. The first
 * active-CPP child has more than 25 accesses (the history shows the newest
 * 25); the first active-LAC child attended three different settings within the
 * last 30 days (a repeated-attendance pattern).
 *
 * Organisations: two local authorities in each of three safeguarding
 * partnership areas, and care settings of every kind spread over the areas.
 * The store has no organisation kind for a safeguarding partnership, so the
 * partnership officer belongs to the first LA (whose area is the partnership
 * area). A separate pseudo-LA "partnership" organisation was rejected: it
 * would be accepted as the responsible LA of an upload and counted as an LA in
 * the area's coverage. The administrator also belongs to the first LA; roles,
 * not organisations, decide what an administrator may do.
 *
 * Notifications: each recorded access notifies its LAs (a Task at version
 * 1). The demo LA (the first) has two teams, and its notifications are
 * worked on as its social workers would have left them: the three newest
 * new, the others accepted, in progress, completed or cancelled, assigned to
 * a team, the demo social worker or a colleague of theirs, with notes
 * (seed_notification_work; nothing drawn from the GRand).
 *
 * Staff who appear in access histories have no usable password ("*" is not a
 * crypt(3) hash), so only the five demo accounts can sign in; only those five
 * are hashed with yescrypt.
 */
#include "cpis-hub-seed.h"

#include <math.h>
#include <string.h>

#include "cpis-date.h"
#include "cpis-hub-auth.h"
#include "cpis-hub-import.h"
#include "cpis-hub-rules.h"
#include "cpis-nhs-number.h"

/* More children than this would not fit in the 999 range's 909 090 valid numbers */
#define MAX_CHILDREN 500000
#define MAX_AGE_DAYS 6500            /* about 17 years 10 months: always under 18 */
#define MOTHER_MIN_AGE_DAYS 6600     /* over 18 years */
#define MOTHER_MAX_AGE_DAYS 14600    /* about 40 years */
#define STAFF_PER_SETTING 2
#define FREQUENT_ACCESSES 30         /* more than CPIS_HUB_ACCESS_HISTORY_LIMIT */

typedef enum
{
  SETTING_LOCAL_AUTHORITY,
  SETTING_EMERGENCY_DEPARTMENT,
  SETTING_URGENT_TREATMENT_CENTRE,
  SETTING_MINOR_INJURY_UNIT,
  SETTING_WALK_IN_CENTRE,
  SETTING_GP_OUT_OF_HOURS,
  SETTING_NHS_111,
  SETTING_AMBULANCE,
  SETTING_MATERNITY,
  SETTING_PAEDIATRIC_WARD,
  SETTING_GP_PRACTICE,
  SETTING_SCHOOL_NURSING,
  SETTING_HEALTH_VISITING,
} SettingKind;

/* SNOMED CT job roles (occupations), UK preferred terms */
typedef enum
{
  JOB_AE_NURSE,
  JOB_TRIAGE_NURSE,
  JOB_AE_DOCTOR,
  JOB_NURSE_PRACTITIONER,
  JOB_REGISTERED_NURSE,
  JOB_PARAMEDIC,
  JOB_MIDWIFERY_SISTER,
  JOB_MIDWIFE,
  JOB_HOSPITAL_MIDWIFE,
  JOB_PAEDIATRIC_NURSE,
  JOB_CONSULTANT_PAEDIATRICIAN,
  JOB_GP,
  JOB_GP_LOCUM,
  JOB_SCHOOL_NURSE,
  JOB_HEALTH_VISITOR,
  JOB_SOCIAL_WORKER,
  JOB_NONE,
} JobRole;

static const struct
{
  const char *code;
  const char *display;
} job_roles[] = {
  [JOB_AE_NURSE] = { "224537001", "Accident and Emergency nurse" },
  [JOB_TRIAGE_NURSE] = { "224538006", "Triage nurse" },
  [JOB_AE_DOCTOR] = { "309294001", "Accident and Emergency doctor" },
  [JOB_NURSE_PRACTITIONER] = { "224571005", "Nurse practitioner" },
  [JOB_REGISTERED_NURSE] = { "224535009", "Registered nurse" },
  [JOB_PARAMEDIC] = { "397897005", "Paramedic" },
  [JOB_MIDWIFERY_SISTER] = { "158992006", "Midwifery sister" },
  [JOB_MIDWIFE] = { "309453006", "Midwife" },
  [JOB_HOSPITAL_MIDWIFE] = { "310188001", "Hospital midwife" },
  [JOB_PAEDIATRIC_NURSE] = { "224562001", "Paediatric nurse" },
  [JOB_CONSULTANT_PAEDIATRICIAN] = { "408798009", "Consultant paediatrician" },
  [JOB_GP] = { "62247001", "General practitioner" },
  [JOB_GP_LOCUM] = { "224936003", "General practitioner locum" },
  [JOB_SCHOOL_NURSE] = { "159003003", "School nurse" },
  [JOB_HEALTH_VISITOR] = { "224534008", "Health visitor" },
  [JOB_SOCIAL_WORKER] = { "106328005", "Social worker" },
  [JOB_NONE] = { NULL, NULL },
};

/* The job roles of the staff of each kind of setting (JOB_NONE ends a list) */
static const JobRole setting_jobs[][4] = {
  [SETTING_LOCAL_AUTHORITY] = { JOB_SOCIAL_WORKER, JOB_NONE },
  [SETTING_EMERGENCY_DEPARTMENT] = { JOB_AE_NURSE, JOB_TRIAGE_NURSE, JOB_AE_DOCTOR, JOB_NONE },
  [SETTING_URGENT_TREATMENT_CENTRE] = { JOB_NURSE_PRACTITIONER, JOB_REGISTERED_NURSE, JOB_NONE },
  [SETTING_MINOR_INJURY_UNIT] = { JOB_NURSE_PRACTITIONER, JOB_REGISTERED_NURSE, JOB_NONE },
  [SETTING_WALK_IN_CENTRE] = { JOB_NURSE_PRACTITIONER, JOB_GP, JOB_NONE },
  [SETTING_GP_OUT_OF_HOURS] = { JOB_GP_LOCUM, JOB_GP, JOB_NONE },
  [SETTING_NHS_111] = { JOB_REGISTERED_NURSE, JOB_PARAMEDIC, JOB_NONE },
  [SETTING_AMBULANCE] = { JOB_PARAMEDIC, JOB_NONE },
  [SETTING_MATERNITY] = { JOB_MIDWIFERY_SISTER, JOB_MIDWIFE, JOB_HOSPITAL_MIDWIFE, JOB_NONE },
  [SETTING_PAEDIATRIC_WARD] = { JOB_PAEDIATRIC_NURSE, JOB_CONSULTANT_PAEDIATRICIAN, JOB_NONE },
  [SETTING_GP_PRACTICE] = { JOB_GP, JOB_NONE },
  [SETTING_SCHOOL_NURSING] = { JOB_SCHOOL_NURSE, JOB_NONE },
  [SETTING_HEALTH_VISITING] = { JOB_HEALTH_VISITOR, JOB_NONE },
};

static const char * const areas[] = { "North Riverside", "Eastmarsh", "Westvale" };
static const char * const area_postcodes[] = { "QN", "QE", "QW" };

typedef struct
{
  const char  *ods_code;
  const char  *name;
  SettingKind  setting;
  guint        area;
  const char  *phone_office;
  const char  *phone_emergency;
} SeedOrganisation;

/* Local authorities first, two per area, in area order (see la_index_in_area) */
#define N_LAS 6
static const SeedOrganisation organisations[] = {
  { "9A1", "Riverside City Council", SETTING_LOCAL_AUTHORITY, 0, "020 7946 0110", "020 7946 0990" },
  { "9A2", "Northbank County Council", SETTING_LOCAL_AUTHORITY, 0, "020 7946 0220", "07700 900220" },
  { "9B1", "Eastmarsh Borough Council", SETTING_LOCAL_AUTHORITY, 1, "0113 496 0330", "0113 496 0939" },
  { "9B2", "Fenwold District Council", SETTING_LOCAL_AUTHORITY, 1, "0113 496 0440", "07700 900440" },
  { "9C1", "Westvale Metropolitan Borough Council", SETTING_LOCAL_AUTHORITY, 2, "0161 496 0550", "0161 496 0959" },
  { "9C2", "Combe Hollow Council", SETTING_LOCAL_AUTHORITY, 2, "0161 496 0660", "07700 900660" },

  /* North Riverside */
  { "ZZA10", "Riverside Royal Infirmary Emergency Department", SETTING_EMERGENCY_DEPARTMENT, 0, "020 7946 0310", NULL },
  { "ZZA11", "Riverside Royal Infirmary Maternity Unit", SETTING_MATERNITY, 0, "020 7946 0311", NULL },
  { "ZZA12", "Riverside Royal Infirmary Children's Ward (direct admission)", SETTING_PAEDIATRIC_WARD, 0, "020 7946 0312", NULL },
  { "ZZA20", "Northbank Urgent Treatment Centre", SETTING_URGENT_TREATMENT_CENTRE, 0, "020 7946 0320", NULL },
  { "ZZA30", "Riverside and Vale NHS 111", SETTING_NHS_111, 0, NULL, NULL },
  { "Z99001", "Meadow Lane Surgery", SETTING_GP_PRACTICE, 0, "020 7946 0401", NULL },
  { "ZZA40", "North Riverside School Nursing Service", SETTING_SCHOOL_NURSING, 0, "020 7946 0440", NULL },
  /* Eastmarsh */
  { "ZZB10", "Eastmarsh General Hospital Emergency Department", SETTING_EMERGENCY_DEPARTMENT, 1, "0113 496 0510", NULL },
  { "ZZB11", "Eastmarsh General Hospital Maternity Unit", SETTING_MATERNITY, 1, "0113 496 0511", NULL },
  { "ZZB20", "Fenwold Minor Injury Unit", SETTING_MINOR_INJURY_UNIT, 1, "0113 496 0520", NULL },
  { "ZZB30", "Eastmarsh and Fenwold Ambulance Service", SETTING_AMBULANCE, 1, NULL, NULL },
  { "ZZB40", "Eastmarsh Health Visiting Team", SETTING_HEALTH_VISITING, 1, "0113 496 0540", NULL },
  /* Westvale */
  { "ZZC10", "Westvale District Hospital Emergency Department", SETTING_EMERGENCY_DEPARTMENT, 2, "0161 496 0710", NULL },
  { "ZZC12", "Westvale District Hospital Paediatric Assessment Ward (direct admission)", SETTING_PAEDIATRIC_WARD, 2, "0161 496 0712", NULL },
  { "ZZC20", "Westvale Walk-in Centre", SETTING_WALK_IN_CENTRE, 2, "0161 496 0720", NULL },
  { "ZZC30", "Westvale GP Out-of-Hours Service", SETTING_GP_OUT_OF_HOURS, 2, "0161 496 0730", NULL },
  { "Z99002", "Combe Hollow Medical Practice", SETTING_GP_PRACTICE, 2, "0161 496 0802", NULL },
};

/* Where the demo accounts work */
#define ORG_FIRST_LA 0
#define ORG_DEMO_ED 6
#define ORG_DEMO_GP 11

static const char * const female_names[] = {
  "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
  "Grace", "Freya", "Willow", "Evie", "Poppy", "Ella", "Aisha", "Zara", "Maya", "Hannah",
  "Chloe", "Niamh", "Erin", "Priya", "Amara", "Leah", "Ruby", "Megan", "Jasmine", "Nadia",
};

static const char * const male_names[] = {
  "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theo",
  "Jack", "Charlie", "Freddie", "Alfie", "Finley", "Mohammed", "Ibrahim", "Yusuf", "Reuben", "Kai",
  "Ethan", "Callum", "Lewis", "Rhys", "Joshua", "Daniel", "Samuel", "Tomasz", "Kofi", "Arjun",
};

static const char * const family_names[] = {
  "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
  "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
  "Clarke", "Khan", "Hussain", "Ahmed", "Begum", "Okafor", "Mensah", "Nowak", "Kowalski", "Murphy",
  "O'Brien", "Hughes", "Edwards", "Lewis", "Harris", "Martin", "Cooper", "Ward", "Morris", "Turner",
  "Singh", "Ali", "Campbell", "Stewart", "Price", "Bennett", "Shaw", "Lloyd", "Fletcher", "Baker",
};

static const char * const password_words[] = {
  "amber", "otter", "river", "maple", "cobalt", "heron", "willow", "copper",
  "lantern", "meadow", "harbour", "pebble", "saffron", "thistle", "falcon", "orchard",
  "quartz", "bramble", "cedar", "ember", "fern", "glacier", "hazel", "juniper",
  "kestrel", "lichen", "marble", "nutmeg", "opal", "puffin", "rowan", "sorrel",
};

/* Letters used in the inward part of a postcode */
static const char postcode_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

typedef enum
{
  SCENARIO_NO_PLAN,
  SCENARIO_CPP_ACTIVE,
  SCENARIO_LAC_ACTIVE,
  SCENARIO_CPP_ENDED_RECENTLY,
  SCENARIO_CPP_ENDED_LONG_AGO,
  SCENARIO_LAC_ENDED_LONG_AGO,
  SCENARIO_TWO_PLANS,
  SCENARIO_UCPP_DUE_AHEAD,
  SCENARIO_UCPP_DUE_RECENTLY_PASSED,
  SCENARIO_UCPP_DUE_LONG_PASSED,
} Scenario;

static const Scenario scenario_block[] = {
  SCENARIO_NO_PLAN, SCENARIO_NO_PLAN, SCENARIO_NO_PLAN, SCENARIO_NO_PLAN, SCENARIO_NO_PLAN,
  SCENARIO_CPP_ACTIVE, SCENARIO_CPP_ACTIVE, SCENARIO_LAC_ACTIVE,
  SCENARIO_CPP_ENDED_RECENTLY, SCENARIO_CPP_ENDED_LONG_AGO, SCENARIO_LAC_ENDED_LONG_AGO,
  SCENARIO_TWO_PLANS,
  SCENARIO_UCPP_DUE_AHEAD, SCENARIO_UCPP_DUE_RECENTLY_PASSED, SCENARIO_UCPP_DUE_LONG_PASSED,
};

/* One plan being made, with its dates as days before today (negative: after) */
typedef struct
{
  CpisPlanType type;
  guint        la;          /* index into organisations */
  int          start_ago;
  gboolean     ended;
  int          end_ago;
  gboolean     has_due;
  int          due_ago;
} PlanSketch;

typedef struct
{
  CpisHubStore        *store;
  GRand               *rand;
  GDate                today;
  GTimeZone           *tz;
  CpisHubOrganisation *orgs[G_N_ELEMENTS (organisations)];
  GArray              *staff[G_N_ELEMENTS (organisations)];  /* gint64 user ids */
  gboolean             have_frequent;
  gboolean             have_repeat;
  gboolean             have_name_mismatch;
  char                *superseded_current; /* the child whose old number is superseded */
} Seeder;

static void
seeder_clear (Seeder *seeder)
{
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      g_clear_pointer (&seeder->orgs[i], cpis_hub_organisation_free);
      g_clear_pointer (&seeder->staff[i], g_array_unref);
    }
  g_clear_pointer (&seeder->rand, g_rand_free);
  g_clear_pointer (&seeder->tz, g_time_zone_unref);
  g_clear_pointer (&seeder->superseded_current, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seeder, seeder_clear)

/* A number in [@low, @high], both included */
static int
rand_between (GRand *rand,
              int    low,
              int    high)
{
  if (high <= low)
    return low;
  return g_rand_int_range (rand, low, high + 1);
}

static const char *
rand_pick (GRand              *rand,
           const char * const *list,
           guint               n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

#define PICK(rand, list) rand_pick ((rand), (list), G_N_ELEMENTS (list))

static char *
date_days_ago (const GDate *today,
               int          days_ago)
{
  GDate date = *today;

  if (days_ago >= 0)
    g_date_subtract_days (&date, days_ago);
  else
    g_date_add_days (&date, -days_ago);

  return cpis_date_to_string (&date);
}

static gboolean
is_unscheduled (SettingKind setting)
{
  return setting != SETTING_LOCAL_AUTHORITY &&
         setting != SETTING_GP_PRACTICE &&
         setting != SETTING_SCHOOL_NURSING &&
         setting != SETTING_HEALTH_VISITING;
}

/* The store's kind of an unscheduled setting (cpis-hub-setting-kind.h) */
static const char *
setting_kind_code (SettingKind setting)
{
  switch (setting)
    {
    case SETTING_EMERGENCY_DEPARTMENT:
      return "emergency-department";
    case SETTING_URGENT_TREATMENT_CENTRE:
      return "urgent-treatment-centre";
    case SETTING_MINOR_INJURY_UNIT:
      return "minor-injury-unit";
    case SETTING_WALK_IN_CENTRE:
      return "walk-in-centre";
    case SETTING_GP_OUT_OF_HOURS:
      return "gp-out-of-hours";
    case SETTING_NHS_111:
      return "nhs-111";
    case SETTING_AMBULANCE:
      return "ambulance";
    case SETTING_MATERNITY:
      return "maternity";
    case SETTING_PAEDIATRIC_WARD:
      return "paediatric-ward";
    case SETTING_LOCAL_AUTHORITY:
    case SETTING_GP_PRACTICE:
    case SETTING_SCHOOL_NURSING:
    case SETTING_HEALTH_VISITING:
    default:
      return NULL;
    }
}

static CpisHubOrgKind
org_kind_of (SettingKind setting)
{
  if (setting == SETTING_LOCAL_AUTHORITY)
    return CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY;
  if (is_unscheduled (setting))
    return CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE;
  return CPIS_HUB_ORG_KIND_SCHEDULED_CARE;
}

/* Three different words and two digits, e.g. "amber-otter-river-42" */
static char *
make_password (GRand *rand)
{
  guint words[3];

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gboolean taken;

      do
        {
          words[i] = g_rand_int_range (rand, 0, G_N_ELEMENTS (password_words));
          taken = FALSE;
          for (guint j = 0; j < i; j++)
            taken |= words[j] == words[i];
        }
      while (taken);
    }

  return g_strdup_printf ("%s-%s-%s-%02d", password_words[words[0]], password_words[words[1]],
                          password_words[words[2]], rand_between (rand, 10, 99));
}

static gboolean
seed_organisations (Seeder  *seeder,
                    GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      const SeedOrganisation *spec = &organisations[i];
      CpisHubOrganisation *org = g_new0 (CpisHubOrganisation, 1);

      org->ods_code = g_strdup (spec->ods_code);
      org->name = g_strdup (spec->name);
      org->kind = org_kind_of (spec->setting);
      org->phone_office = g_strdup (spec->phone_office);
      org->phone_emergency = g_strdup (spec->phone_emergency);
      org->area = g_strdup (areas[spec->area]);
      org->setting_kind = g_strdup (setting_kind_code (spec->setting));
      /* the demo GP's practice also runs the area's out-of-hours sessions:
       * settings of both kinds, each workstation saying which it is */
      org->both_care_settings = i == ORG_DEMO_GP;
      seeder->orgs[i] = org;

      if (!cpis_hub_store_put_organisation (seeder->store, org, error))
        {
          g_prefix_error (error, "Could not store organisation %s: ", spec->ods_code);
          return FALSE;
        }
    }

  return TRUE;
}

static CpisHubUser *
user_new (Seeder      *seeder,
          const char  *username,
          CpisRole     role,
          const char  *full_name,
          JobRole      job,
          guint        org)
{
  CpisHubUser *user = g_new0 (CpisHubUser, 1);

  user->username = g_strdup (username);
  user->role = role;
  user->full_name = g_strdup (full_name);
  user->job_role_code = g_strdup (job_roles[job].code);
  user->job_role_display = g_strdup (job_roles[job].display);
  user->organisation = cpis_hub_organisation_copy (seeder->orgs[org]);

  return user;
}

static char *
random_adult_name (GRand *rand)
{
  const char *given = g_rand_boolean (rand) ? PICK (rand, female_names) : PICK (rand, male_names);

  return g_strdup_printf ("%s %s", given, PICK (rand, family_names));
}

/* The staff of each unscheduled setting, who appear in access histories */
static gboolean
seed_staff (Seeder  *seeder,
            GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      const SeedOrganisation *spec = &organisations[i];
      guint n_jobs = 0;

      if (!is_unscheduled (spec->setting))
        continue;

      while (setting_jobs[spec->setting][n_jobs] != JOB_NONE)
        n_jobs++;

      seeder->staff[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint n = 0; n < STAFF_PER_SETTING; n++)
        {
          g_autofree char *lower = g_ascii_strdown (spec->ods_code, -1);
          g_autofree char *username = g_strdup_printf ("%s-staff-%u", lower, n + 1);
          g_autofree char *full_name = random_adult_name (seeder->rand);
          JobRole job = setting_jobs[spec->setting][n % n_jobs];
          g_autoptr(CpisHubUser) user = user_new (seeder, username, CPIS_ROLE_CLINICIAN,
                                                  full_name, job, i);

          if (!cpis_hub_store_add_user (seeder->store, user, "*", error))
            {
              g_prefix_error (error, "Could not add user %s: ", username);
              return FALSE;
            }
          g_array_append_val (seeder->staff[i], user->id);
        }
    }

  return TRUE;
}

static int
la_in_area (GRand *rand,
            guint  area)
{
  return area * 2 + g_rand_int_range (rand, 0, 2);
}

/* Fills @plans (PlanSketch) for @scenario; returns the fewest days old the
 * patient must be for every plan to start after birth */
static int
sketch_plans (Seeder   *seeder,
              Scenario  scenario,
              guint     home_la,
              gboolean  frequent,
              GArray   *plans)
{
  GRand *rand = seeder->rand;
  PlanSketch plan = { .la = home_la };
  int min_age = 0;

  switch (scenario)
    {
    case SCENARIO_NO_PLAN:
      return 0;

    case SCENARIO_CPP_ACTIVE:
      plan.type = CPIS_PLAN_TYPE_CPP;
      plan.start_ago = frequent ? rand_between (rand, 400, 700) : rand_between (rand, 14, 730);
      break;

    case SCENARIO_LAC_ACTIVE:
      plan.type = CPIS_PLAN_TYPE_LAC;
      plan.start_ago = rand_between (rand, 30, 2000);
      break;

    case SCENARIO_CPP_ENDED_RECENTLY:
      plan.type = CPIS_PLAN_TYPE_CPP;
      plan.ended = TRUE;
      plan.end_ago = rand_between (rand, 5, 330);
      plan.start_ago = plan.end_ago + rand_between (rand, 90, 700);
      break;

    case SCENARIO_CPP_ENDED_LONG_AGO:
      plan.type = CPIS_PLAN_TYPE_CPP;
      plan.ended = TRUE;
      plan.end_ago = rand_between (rand, 400, 1500);
      plan.start_ago = plan.end_ago + rand_between (rand, 90, 700);
      break;

    case SCENARIO_LAC_ENDED_LONG_AGO:
      plan.type = CPIS_PLAN_TYPE_LAC;
      plan.ended = TRUE;
      plan.end_ago = rand_between (rand, 380, 1200);
      plan.start_ago = plan.end_ago + rand_between (rand, 180, 1500);
      break;

    case SCENARIO_TWO_PLANS:
      {
        /* An ended CPP from another LA, then an active LAC from their own */
        PlanSketch earlier = { .type = CPIS_PLAN_TYPE_CPP, .ended = TRUE };

        earlier.la = (home_la + 1 + g_rand_int_range (rand, 0, N_LAS - 1)) % N_LAS;
        earlier.end_ago = rand_between (rand, 30, 200);
        earlier.start_ago = earlier.end_ago + rand_between (rand, 60, 500);
        g_array_append_val (plans, earlier);
        min_age = earlier.start_ago;

        plan.type = CPIS_PLAN_TYPE_LAC;
        plan.start_ago = rand_between (rand, 1, earlier.end_ago);
      }
      break;

    case SCENARIO_UCPP_DUE_AHEAD:
      {
        int due_in = rand_between (rand, 7, 180);
        int weeks_pregnant_days = 280 - due_in;

        plan.type = CPIS_PLAN_TYPE_UCPP;
        plan.has_due = TRUE;
        plan.due_ago = -due_in;
        plan.start_ago = rand_between (rand, 7, MAX (8, weeks_pregnant_days - 84));
      }
      break;

    case SCENARIO_UCPP_DUE_RECENTLY_PASSED:
      plan.type = CPIS_PLAN_TYPE_UCPP;
      plan.has_due = TRUE;
      plan.due_ago = rand_between (rand, 1, CPIS_HUB_DAYS_SHOWN_AFTER_DUE - 1);
      plan.start_ago = plan.due_ago + rand_between (rand, 60, 180);
      break;

    case SCENARIO_UCPP_DUE_LONG_PASSED:
      plan.type = CPIS_PLAN_TYPE_UCPP;
      plan.has_due = TRUE;
      plan.due_ago = rand_between (rand, 60, 600);
      plan.start_ago = plan.due_ago + rand_between (rand, 60, 180);
      plan.ended = TRUE;
      plan.end_ago = plan.due_ago - rand_between (rand, 0, 14);
      break;

    default:
      g_assert_not_reached ();
    }

  g_array_append_val (plans, plan);
  return MAX (min_age, plan.start_ago);
}

/* The family name after @family in family_names: a name that differs */
static const char *
other_family_name (const char *family)
{
  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    if (g_str_equal (family_names[i], family))
      return family_names[(i + 1) % G_N_ELEMENTS (family_names)];

  return family_names[0];
}

/* @upload_family: the family name the LA uploaded the plan under */
static CpisHubPlan *
plan_from_sketch (Seeder               *seeder,
                  const PlanSketch     *sketch,
                  const CpisHubPatient *patient,
                  const char           *upload_family)
{
  CpisHubPlan *plan = g_new0 (CpisHubPlan, 1);
  g_autofree char *family_upper = g_utf8_strup (upload_family, -1);

  plan->nhs_number = g_strdup (patient->nhs_number);
  plan->plan_type = sketch->type;
  plan->start_date = date_days_ago (&seeder->today, sketch->start_ago);
  plan->end_date = sketch->ended ? date_days_ago (&seeder->today, sketch->end_ago) : NULL;
  plan->due_date = sketch->has_due ? date_days_ago (&seeder->today, sketch->due_ago) : NULL;
  plan->subject_name = g_strdup_printf ("%s %s", patient->given_name, family_upper);
  plan->date_of_birth = g_strdup (patient->date_of_birth);
  plan->la = cpis_hub_organisation_copy (seeder->orgs[sketch->la]);

  return plan;
}

/* The days (before today) on which @sketch was shown: FALSE if never before today */
static gboolean
shown_window (const PlanSketch *sketch,
              int              *newest_ago,
              int              *oldest_ago)
{
  int newest = 1;

  if (sketch->ended)
    newest = MAX (newest, sketch->end_ago - CPIS_HUB_DAYS_SHOWN_AFTER_END);
  if (sketch->has_due)
    newest = MAX (newest, sketch->due_ago - CPIS_HUB_DAYS_SHOWN_AFTER_DUE);

  *newest_ago = newest;
  *oldest_ago = sketch->start_ago;
  return newest <= sketch->start_ago;
}

/* The LAs (store ids) of the plans shown @days_ago before today */
static GArray *
las_notified (Seeder    *seeder,
              GPtrArray *plans,  /* CpisHubPlan */
              GArray    *sketches,
              int        days_ago)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate date = seeder->today;

  g_date_subtract_days (&date, days_ago);
  for (guint i = 0; i < plans->len; i++)
    {
      const PlanSketch *sketch = &g_array_index (sketches, PlanSketch, i);
      CpisHubPlan *plan = g_ptr_array_index (plans, i);
      gboolean seen = FALSE;

      if (sketch->start_ago < days_ago || !cpis_hub_plan_is_shown (plan, &date))
        continue;
      for (guint j = 0; j < ids->len; j++)
        seen |= g_array_index (ids, gint64, j) == plan->la->id;
      if (!seen)
        g_array_append_val (ids, plan->la->id);
    }

  return ids;
}

/* A random unscheduled setting a patient might attend */
static guint
pick_setting (Seeder   *seeder,
              gboolean  expectant)
{
  guint candidates[G_N_ELEMENTS (organisations) * 4];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      SettingKind setting = organisations[i].setting;
      guint weight = 1;

      if (!is_unscheduled (setting))
        continue;
      if (setting == SETTING_MATERNITY)
        weight = expectant ? 4 : 0;
      else if (setting == SETTING_PAEDIATRIC_WARD)
        weight = expectant ? 0 : 1;
      else if (setting == SETTING_EMERGENCY_DEPARTMENT)
        weight = 3;

      for (guint w = 0; w < weight; w++)
        candidates[n++] = i;
    }

  return candidates[g_rand_int_range (seeder->rand, 0, n)];
}

static gboolean
record_access (Seeder     *seeder,
               const char *nhs_number,
               GPtrArray  *plans,
               GArray     *sketches,
               int         days_ago,
               guint       setting,
               GError    **error)
{
  g_autoptr(GArray) la_ids = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *access_id = NULL;
  GArray *staff = seeder->staff[setting];
  gint64 user_id;
  GDate date = seeder->today;
  int hour, minute, second;

  g_assert (staff != NULL && staff->len > 0);
  user_id = g_array_index (staff, gint64, g_rand_int_range (seeder->rand, 0, staff->len));
  hour = rand_between (seeder->rand, 0, 23);
  minute = rand_between (seeder->rand, 0, 59);
  second = rand_between (seeder->rand, 0, 59);

  la_ids = las_notified (seeder, plans, sketches, days_ago);
  if (la_ids->len == 0)
    return TRUE;  /* nothing was shown that day: a real hub records nothing */

  g_date_subtract_days (&date, days_ago);
  when = g_date_time_new (seeder->tz, g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date), hour, minute, second);
  if (when == NULL)
    return TRUE;  /* a local time skipped by a clock change */

  access_id = cpis_hub_store_record_access (seeder->store, nhs_number, user_id,
                                            g_date_time_to_unix (when) * G_USEC_PER_SEC +
                                            g_date_time_get_microsecond (when),
                                            (const gint64 *) la_ids->data, la_ids->len, error);
  if (access_id == NULL)
    {
      g_prefix_error (error, "Could not record an access: ");
      return FALSE;
    }

  return TRUE;
}

static gboolean
seed_accesses (Seeder     *seeder,
               const char *nhs_number,
               gboolean    expectant,
               GPtrArray  *plans,
               GArray     *sketches,
               gboolean    frequent,
               gboolean    repeat,
               GError    **error)
{
  GRand *rand = seeder->rand;
  guint n_random;

  if (plans->len == 0)
    return TRUE;

  if (frequent)
    {
      const PlanSketch *sketch = &g_array_index (sketches, PlanSketch, 0);

      for (guint i = 0; i < FREQUENT_ACCESSES; i++)
        {
          int days_ago = rand_between (rand, 1, sketch->start_ago);

          if (!record_access (seeder, nhs_number, plans, sketches, days_ago,
                              pick_setting (seeder, expectant), error))
            return FALSE;
        }
    }

  if (repeat)
    {
      /* the plan made last is the one still active */
      int newest_start_ago = g_array_index (sketches, PlanSketch, sketches->len - 1).start_ago;
      guint used[3];

      /* Three different settings within the last 30 days */
      for (guint i = 0; i < G_N_ELEMENTS (used); i++)
        {
          guint setting;
          gboolean taken;

          do
            {
              setting = pick_setting (seeder, expectant);
              taken = FALSE;
              for (guint j = 0; j < i; j++)
                taken |= used[j] == setting;
            }
          while (taken);
          used[i] = setting;

          if (!record_access (seeder, nhs_number, plans, sketches,
                              rand_between (rand, 1, MIN (28, newest_start_ago)), setting, error))
            return FALSE;
        }
    }

  n_random = g_rand_int_range (rand, 0, 5);
  for (guint i = 0; i < n_random; i++)
    {
      const PlanSketch *sketch = &g_array_index (sketches, PlanSketch,
                                                 g_rand_int_range (rand, 0, sketches->len));
      int newest_ago, oldest_ago;

      if (!shown_window (sketch, &newest_ago, &oldest_ago))
        continue;
      if (!record_access (seeder, nhs_number, plans, sketches,
                          rand_between (rand, newest_ago, oldest_ago),
                          pick_setting (seeder, expectant), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
seed_patient (Seeder      *seeder,
              const char  *nhs_number,
              Scenario     scenario,
              GError     **error)
{
  GRand *rand = seeder->rand;
  g_autoptr(CpisHubPatient) patient = g_new0 (CpisHubPatient, 1);
  g_autoptr(GArray) sketches = g_array_new (FALSE, FALSE, sizeof (PlanSketch));
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_plan_free);
  gboolean expectant = scenario == SCENARIO_UCPP_DUE_AHEAD ||
                       scenario == SCENARIO_UCPP_DUE_RECENTLY_PASSED ||
                       scenario == SCENARIO_UCPP_DUE_LONG_PASSED;
  gboolean frequent = FALSE;
  gboolean repeat = FALSE;
  gboolean name_mismatch = FALSE;
  const char *upload_family;
  guint area = g_rand_int_range (rand, 0, G_N_ELEMENTS (areas));
  int min_age, age_days, gender_roll;

  if (scenario == SCENARIO_CPP_ACTIVE && !seeder->have_frequent)
    frequent = seeder->have_frequent = TRUE;
  else if (scenario == SCENARIO_CPP_ACTIVE && seeder->superseded_current == NULL)
    seeder->superseded_current = g_strdup (nhs_number);
  if (scenario == SCENARIO_LAC_ACTIVE && !seeder->have_repeat)
    repeat = seeder->have_repeat = TRUE;
  if (scenario == SCENARIO_LAC_ACTIVE && !seeder->have_name_mismatch)
    name_mismatch = seeder->have_name_mismatch = TRUE;

  min_age = sketch_plans (seeder, scenario, la_in_area (rand, area), frequent, sketches);

  patient->nhs_number = g_strdup (nhs_number);
  gender_roll = g_rand_int_range (rand, 0, 100);
  if (expectant || gender_roll < 49)
    {
      patient->gender = g_strdup (expectant ? "female" : "male");
      patient->given_name = g_strdup (expectant ? PICK (rand, female_names) : PICK (rand, male_names));
    }
  else if (gender_roll < 98)
    {
      patient->gender = g_strdup ("female");
      patient->given_name = g_strdup (PICK (rand, female_names));
    }
  else
    {
      patient->gender = g_strdup ("unknown");
      patient->given_name = g_strdup (g_rand_boolean (rand) ? PICK (rand, female_names)
                                                            : PICK (rand, male_names));
    }
  patient->family_name = g_strdup (PICK (rand, family_names));

  if (expectant)
    age_days = rand_between (rand, MOTHER_MIN_AGE_DAYS, MOTHER_MAX_AGE_DAYS);
  else
    age_days = rand_between (rand, MIN (min_age, MAX_AGE_DAYS), MAX_AGE_DAYS);
  patient->date_of_birth = date_days_ago (&seeder->today, age_days);

  patient->postcode = g_strdup_printf ("%s%d %d%c%c", area_postcodes[area],
                                       rand_between (rand, 1, 9), rand_between (rand, 1, 9),
                                       postcode_letters[g_rand_int_range (rand, 0, sizeof postcode_letters - 1)],
                                       postcode_letters[g_rand_int_range (rand, 0, sizeof postcode_letters - 1)]);

  patient->restricted = scenario == SCENARIO_TWO_PLANS;

  if (!cpis_hub_store_put_patient (seeder->store, patient, error))
    {
      g_prefix_error (error, "Could not store patient %s: ", nhs_number);
      return FALSE;
    }

  upload_family = name_mismatch ? other_family_name (patient->family_name) : patient->family_name;
  for (guint i = 0; i < sketches->len; i++)
    {
      const PlanSketch *sketch = &g_array_index (sketches, PlanSketch, i);
      CpisHubPlan *plan = plan_from_sketch (seeder, sketch, patient, upload_family);

      g_ptr_array_add (plans, plan);
      if (!cpis_hub_store_put_plan (seeder->store, plan, error))
        {
          g_prefix_error (error, "Could not store a plan of %s: ", nhs_number);
          return FALSE;
        }
    }

  return seed_accesses (seeder, nhs_number, expectant, plans, sketches, frequent, repeat, error);
}

static CpisDemoAccount *
demo_account_new (const char  *username,
                  char        *password,  /* (transfer full) */
                  CpisRole     role,
                  char        *description)  /* (transfer full) */
{
  CpisDemoAccount *account = cpis_demo_account_new (username, password, role, description);

  g_free (password);
  g_free (description);

  return account;
}

static gboolean
seed_demo_accounts (Seeder     *seeder,
                    GPtrArray  *accounts,
                    GError    **error)
{
  static const struct
  {
    const char  *username;
    CpisRole     role;
    JobRole      job;
    guint        org;
  } demo[] = {
    { "nurse", CPIS_ROLE_CLINICIAN, JOB_TRIAGE_NURSE, ORG_DEMO_ED },
    { "gp", CPIS_ROLE_CLINICIAN, JOB_GP, ORG_DEMO_GP },
    { "socialworker", CPIS_ROLE_SOCIAL_WORKER, JOB_SOCIAL_WORKER, ORG_FIRST_LA },
    { "partnership", CPIS_ROLE_PARTNERSHIP_OFFICER, JOB_NONE, ORG_FIRST_LA },
    { "admin", CPIS_ROLE_ADMINISTRATOR, JOB_NONE, ORG_FIRST_LA },
  };
  char *passwords[G_N_ELEMENTS (demo)];
  char *names[G_N_ELEMENTS (demo)];
  gboolean ok = TRUE;

  /* Draw everything random first, so the data never depends on hashing */
  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      passwords[i] = make_password (seeder->rand);
      names[i] = random_adult_name (seeder->rand);
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      const char *org_name = organisations[demo[i].org].name;
      const char *area = areas[organisations[demo[i].org].area];
      g_autoptr(CpisHubUser) user = NULL;
      g_autofree char *hash = NULL;
      char *description;

      if (!ok)
        {
          g_free (passwords[i]);
          g_free (names[i]);
          continue;
        }

      user = user_new (seeder, demo[i].username, demo[i].role, names[i], demo[i].job, demo[i].org);
      g_clear_pointer (&names[i], g_free);

      hash = cpis_hub_auth_hash_password (passwords[i], error);
      ok = hash != NULL && cpis_hub_store_add_user (seeder->store, user, hash, error);
      if (!ok)
        {
          g_prefix_error (error, "Could not add user %s: ", demo[i].username);
          g_free (passwords[i]);
          continue;
        }

      switch (demo[i].role)
        {
        case CPIS_ROLE_CLINICIAN:
          if (org_kind_of (organisations[demo[i].org].setting) == CPIS_HUB_ORG_KIND_UNSCHEDULED_CARE)
            description = g_strdup_printf ("%s, %s (unscheduled care)", job_roles[demo[i].job].display, org_name);
          else
            description = g_strdup_printf ("%s, %s (scheduled care: silent reads; its out-of-hours workstations record and notify)",
                                           job_roles[demo[i].job].display, org_name);
          break;
        case CPIS_ROLE_SOCIAL_WORKER:
          description = g_strdup_printf ("Social worker, %s (local authority)", org_name);
          break;
        case CPIS_ROLE_PARTNERSHIP_OFFICER:
          description = g_strdup_printf ("Safeguarding partnership officer, %s area (hosted by %s)", area, org_name);
          break;
        case CPIS_ROLE_ADMINISTRATOR:
        default:
          description = g_strdup ("Hub administrator (user accounts and organisations)");
          break;
        }

      g_ptr_array_add (accounts, demo_account_new (demo[i].username, passwords[i], demo[i].role, description));
    }

  return ok;
}

/* The first @count numbers of @seed's stream of NHS numbers */
static GPtrArray *
seed_nhs_numbers (guint   count,
                  guint32 seed)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *numbers = g_ptr_array_new_full (count, g_free);
  /* A stream of its own, so the numbers do not depend on the other choices */
  const guint32 key[2] = { seed, 0x4e48534e /* "NHSN" */ };
  GRand *rand;

  rand = g_rand_new_with_seed_array (key, G_N_ELEMENTS (key));
  while (numbers->len < count)
    {
      char digits[11];
      int check;

      g_snprintf (digits, sizeof digits, "999%06d", g_rand_int_range (rand, 0, 1000000));
      check = cpis_nhs_number_check_digit (digits);
      if (check < 0)
        continue;
      digits[9] = '0' + check;
      digits[10] = '\0';
      if (g_hash_table_contains (seen, digits))
        continue;

      g_ptr_array_add (numbers, g_strdup (digits));
      g_hash_table_add (seen, g_ptr_array_index (numbers, numbers->len - 1));
    }

  g_rand_free (rand);
  return numbers;
}

GPtrArray *
cpis_hub_seed_nhs_numbers (guint   n_children,
                           guint32 seed)
{
  g_return_val_if_fail (n_children <= MAX_CHILDREN, g_ptr_array_new_with_free_func (g_free));

  return seed_nhs_numbers (n_children, seed);
}

char *
cpis_hub_seed_superseded_nhs_number (guint   n_children,
                                     guint32 seed)
{
  g_autoptr(GPtrArray) numbers = NULL;

  g_return_val_if_fail (n_children <= MAX_CHILDREN, NULL);

  numbers = seed_nhs_numbers (n_children + 1, seed);
  return g_strdup (g_ptr_array_index (numbers, n_children));
}

/* The current child's old number: a copy of the demographics (as PDS keeps
 * a superseded record), without an address, pointing to the current one */
static gboolean
seed_superseded (Seeder      *seeder,
                 guint        n_children,
                 guint32      seed,
                 GError     **error)
{
  g_autoptr(CpisHubPatient) current = NULL;
  g_autoptr(CpisHubPatient) old = NULL;

  if (seeder->superseded_current == NULL)
    return TRUE;  /* too few children for the scenario */

  current = cpis_hub_store_find_patient (seeder->store, seeder->superseded_current, error);
  if (current == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                     "The child with a new NHS number was not stored");
      return FALSE;
    }

  old = cpis_hub_patient_copy (current);
  g_free (old->nhs_number);
  old->nhs_number = cpis_hub_seed_superseded_nhs_number (n_children, seed);
  g_clear_pointer (&old->postcode, g_free);
  old->superseded_by = g_strdup (current->nhs_number);

  if (!cpis_hub_store_put_patient (seeder->store, old, error))
    {
      g_prefix_error (error, "Could not store a superseded patient: ");
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The demo LA's notifications, worked on */

/* The demo LA's teams, and a colleague of the demo social worker (who
 * cannot sign in) to assign notifications to */
static const struct
{
  const char *code;
  const char *name;
} demo_teams[] = {
  { "9A1-duty", "Duty and assessment team" },
  { "9A1-cin", "Children in need team" },
};

#define COLLEAGUE_USERNAME "9a1-sw-2"
#define COLLEAGUE_NAME     "Priya Hughes"

typedef struct
{
  CpisHubTaskStatus     status;
  const char           *reason;    /* cancelled only */
  const char           *outcome;   /* businessStatus */
  CpisHubTaskOwnerKind  owner;
  int                   owner_which; /* team index, or 0 the demo social worker, 1 the colleague */
  const char           *note;
} TaskStep;

#define STEPS_END { CPIS_HUB_N_TASK_STATUSES, NULL, NULL, 0, 0, NULL }

/* What was done with each of the demo LA's notifications, newest first:
 * the three newest are new; older ones show every state, and most of the
 * oldest are completed (a demo inbox with a backlog, not a clean one). */
static const TaskStep worked_on[][4] = {
  { STEPS_END },
  { STEPS_END },
  { STEPS_END },
  { { CPIS_HUB_TASK_STATUS_ACCEPTED, NULL, NULL, CPIS_HUB_TASK_OWNER_TEAM, 0, NULL }, STEPS_END },
  { { CPIS_HUB_TASK_STATUS_ACCEPTED, NULL, NULL, CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 0, NULL },
    { CPIS_HUB_TASK_STATUS_IN_PROGRESS, NULL, "contacted-family", CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 0,
      "Phoned the mother; GP informed." },
    STEPS_END },
  { { CPIS_HUB_TASK_STATUS_ACCEPTED, NULL, NULL, CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 0,
      "Known to the team: allocated worker on leave until Monday." },
    { CPIS_HUB_TASK_STATUS_COMPLETED, NULL, "contacted-family", CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 0,
      "Home visit made; the family had already told us of the attendance." },
    STEPS_END },
  { { CPIS_HUB_TASK_STATUS_CANCELLED, "Raised twice for the same attendance.", NULL,
      CPIS_HUB_TASK_OWNER_LA, 0, NULL },
    STEPS_END },
  { { CPIS_HUB_TASK_STATUS_IN_PROGRESS, NULL, NULL, CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 1,
      "Left a message for the health visitor." },
    STEPS_END },
  { { CPIS_HUB_TASK_STATUS_IN_PROGRESS, NULL, NULL, CPIS_HUB_TASK_OWNER_TEAM, 1, NULL },
    { CPIS_HUB_TASK_STATUS_COMPLETED, NULL, "no-further-action", CPIS_HUB_TASK_OWNER_TEAM, 1,
      "Minor injury, explained and consistent; no further action." },
    STEPS_END },
};

/* …and the older ones, by their place in fours */
static const TaskStep older[][3] = {
  { { CPIS_HUB_TASK_STATUS_ACCEPTED, NULL, NULL, CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 0, NULL },
    { CPIS_HUB_TASK_STATUS_COMPLETED, NULL, "added-to-case-record", CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 0,
      "Added to the case record." },
    STEPS_END },
  { { CPIS_HUB_TASK_STATUS_ACCEPTED, NULL, NULL, CPIS_HUB_TASK_OWNER_TEAM, 0, NULL },
    { CPIS_HUB_TASK_STATUS_COMPLETED, NULL, "contacted-health-professional", CPIS_HUB_TASK_OWNER_TEAM, 0,
      "Spoke to the triage nurse: seen with a parent, discharged home." },
    STEPS_END },
  { STEPS_END },
  { { CPIS_HUB_TASK_STATUS_IN_PROGRESS, NULL, NULL, CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 1, NULL },
    { CPIS_HUB_TASK_STATUS_COMPLETED, NULL, "referred", CPIS_HUB_TASK_OWNER_SOCIAL_WORKER, 1,
      "Referred for a child and family assessment." },
    STEPS_END },
};

static gboolean
work_on_task (Seeder         *seeder,
              CpisHubTask    *task,
              const TaskStep *steps,
              gint64          user_ids[2],
              const char     *role_ids[2],
              GError        **error)
{
  const char *la_ods_code = organisations[ORG_FIRST_LA].ods_code;
  const char *outcome = NULL;
  gint64 version = task->version;
  CpisHubTaskStatus status = task->status;

  for (guint i = 0; steps[i].status != CPIS_HUB_N_TASK_STATUSES; i++)
    {
      const TaskStep *step = &steps[i];
      const char *notes[] = { step->note, NULL };
      const char *owner_ref;
      CpisHubTaskUpdate update;

      /* the steps above follow the lifecycle */
      g_assert (step->status == status || cpis_hub_task_status_can_become (status, step->status));
      status = step->status;

      /* a notification completed without an outcome of its own says it was recorded */
      outcome = step->outcome != NULL ? step->outcome : outcome;
      if (step->status == CPIS_HUB_TASK_STATUS_COMPLETED && outcome == NULL)
        outcome = "added-to-case-record";

      if (step->owner == CPIS_HUB_TASK_OWNER_TEAM)
        owner_ref = demo_teams[step->owner_which].code;
      else if (step->owner == CPIS_HUB_TASK_OWNER_SOCIAL_WORKER)
        owner_ref = role_ids[step->owner_which];
      else
        owner_ref = la_ods_code;

      update = (CpisHubTaskUpdate) {
        .task_id = task->id,
        .la_ods_code = la_ods_code,
        .base_version = version,
        /* whoever owns it works on it; the demo social worker otherwise */
        .user_id = user_ids[step->owner == CPIS_HUB_TASK_OWNER_SOCIAL_WORKER ? step->owner_which : 0],
        /* worked on within hours of the attendance, a step at a time */
        .modified_usec = task->authored_usec + (gint64) (i + 1) * 47 * 60 * G_USEC_PER_SEC,
        .status = step->status,
        .status_reason = step->reason,
        .business_status = outcome,
        .owner_kind = step->owner,
        .owner_ref = owner_ref,
        .new_notes = step->note != NULL ? notes : NULL,
      };

      if (!cpis_hub_store_update_task (seeder->store, &update, error))
        {
          g_prefix_error (error, "Could not work on a notification: ");
          return FALSE;
        }
      version++;
    }

  return TRUE;
}

/* Teams for the demo LA, and its notifications in every state, with notes,
 * as its social workers would have left them. Draws nothing from the GRand,
 * so the rest of the data is as it was before this was added. */
/* Two records of the demo LA's uploads that the hub refused, for its social
 * workers to put right: a notified child's plan uploaded under a misspelt
 * family name (CPR07), and a number the demographics service does not know
 * (CPR01). Through the upload rules themselves, so they are what an upload
 * leaves. Draws nothing from the GRand. */
static gboolean
seed_upload_exceptions (Seeder     *seeder,
                        GPtrArray  *tasks,
                        GError    **error)
{
  const char *la_ods_code = organisations[ORG_FIRST_LA].ods_code;
  g_autoptr(CpisHubPatient) child = NULL;
  g_autofree char *misspelt = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *recent = date_days_ago (&seeder->today, 12);
  g_autofree char *earlier = date_days_ago (&seeder->today, 60);
  g_autofree char *detail = NULL;
  const char *code;
  /* refused at the newest notification's time: the data stay the same for the same seed */
  gint64 now = tasks->len > 0 ? ((CpisHubTask *) g_ptr_array_index (tasks, 0))->authored_usec : 0;

  for (guint i = 0; child == NULL && i < tasks->len; i++)
    {
      CpisHubTask *task = g_ptr_array_index (tasks, i);

      if (task->requester_ods_code != NULL)
        child = cpis_hub_store_find_patient (seeder->store, task->nhs_number, NULL);
    }
  if (child != NULL)
    {
      CpisHubPlanRecord record = {
        .nhs_number = child->nhs_number,
        /* the last letter typed twice, as a hurried upload does */
        .family_name = (misspelt = g_strdup_printf ("%s%c", child->family_name,
                                                    child->family_name[strlen (child->family_name) - 1])),
        .given_name = child->given_name,
        .date_of_birth = child->date_of_birth,
        .plan_type = "CPP",
        .start_date = recent,
        .la_ods_code = la_ods_code,
      };

      code = cpis_hub_upload_plan_record (seeder->store, &record, la_ods_code, now, &detail, NULL,
                                          NULL);
      g_warn_if_fail (g_str_equal (code, "CPR07"));
      g_clear_pointer (&detail, g_free);
    }

  /* the first test-range number with no demographics record */
  for (guint serial = 9999000; unknown == NULL && serial < 9999100; serial++)
    {
      g_autofree char *nine = g_strdup_printf ("%09u", 990000000 + serial % 10000000);
      int check = cpis_nhs_number_check_digit (nine);
      g_autofree char *number = check >= 0 ? g_strdup_printf ("%s%d", nine, check) : NULL;
      g_autoptr(CpisHubPatient) known = number != NULL
                                        ? cpis_hub_store_find_patient (seeder->store, number, NULL)
                                        : NULL;

      if (number != NULL && known == NULL && cpis_nhs_number_is_test_range (number))
        unknown = g_steal_pointer (&number);
    }
  if (unknown != NULL)
    {
      CpisHubPlanRecord record = {
        .nhs_number = unknown,
        .family_name = "MORGAN",
        .given_name = "Riley",
        .date_of_birth = "2018-03-14",
        .plan_type = "LAC",
        .start_date = earlier,
        .la_ods_code = la_ods_code,
      };

      code = cpis_hub_upload_plan_record (seeder->store, &record, la_ods_code, now, &detail, NULL,
                                          NULL);
      g_warn_if_fail (g_str_equal (code, "CPR01"));
    }

  (void) error;
  return TRUE;
}

static gboolean
seed_notification_work (Seeder  *seeder,
                        GError **error)
{
  const char *la_ods_code = organisations[ORG_FIRST_LA].ods_code;
  g_autoptr(CpisHubUser) social_worker = NULL;
  g_autoptr(CpisHubUser) colleague = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  CpisHubTaskSearch search;
  gint64 user_ids[2];
  const char *role_ids[2];

  for (guint i = 0; i < G_N_ELEMENTS (demo_teams); i++)
    if (!cpis_hub_store_put_team (seeder->store, la_ods_code, demo_teams[i].code,
                                  demo_teams[i].name, error))
      {
        g_prefix_error (error, "Could not add a team: ");
        return FALSE;
      }

  colleague = user_new (seeder, COLLEAGUE_USERNAME, CPIS_ROLE_SOCIAL_WORKER, COLLEAGUE_NAME,
                        JOB_SOCIAL_WORKER, ORG_FIRST_LA);
  if (!cpis_hub_store_add_user (seeder->store, colleague, "*", error))
    {
      g_prefix_error (error, "Could not add user %s: ", COLLEAGUE_USERNAME);
      return FALSE;
    }

  social_worker = cpis_hub_store_find_user (seeder->store, "socialworker", NULL, error);
  if (social_worker == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_NOT_FOUND,
                             "The demo social worker was not stored");
      return FALSE;
    }

  user_ids[0] = social_worker->id;
  user_ids[1] = colleague->id;
  role_ids[0] = social_worker->practitioner_role_id;
  role_ids[1] = colleague->practitioner_role_id;

  cpis_hub_task_search_init (&search, la_ods_code);
  search.count = G_MAXINT32;
  tasks = cpis_hub_store_search_tasks (seeder->store, &search, NULL, error);
  if (tasks == NULL)
    return FALSE;

  for (guint i = 0; i < tasks->len; i++)
    {
      const TaskStep *steps = i < G_N_ELEMENTS (worked_on)
        ? worked_on[i] : older[(i - G_N_ELEMENTS (worked_on)) % G_N_ELEMENTS (older)];

      if (!work_on_task (seeder, g_ptr_array_index (tasks, i), steps, user_ids, role_ids, error))
        return FALSE;
    }

  return seed_upload_exceptions (seeder, tasks, error);
}

/* ------------------------------------------------------------------------ */
/* The areas' background activity, for the partnership view's charts
 *
 * The children above are few, each a scenario to show: an area's figures
 * over a year need hundreds of attendances. Each area's second LA (whose
 * inbox no demo account reads) gets AREA_CHILDREN more children on plans,
 * started over the last two years (a quarter ended since, uploaded when
 * they started), who attend the area's settings (one in ten a setting
 * elsewhere) a few times a year, a few of them often; the LA's duty social
 * worker acts on most notifications within hours, some after days, some
 * never; now and then an upload record is refused. Drawn from a GRand of
 * its own, so that nothing above changes; written with the store's
 * asynchronous calls, queued together, so that the writer commits them in
 * groups. */

#define AREA_CHILDREN 150
#define AREA_DAYS     365

typedef struct
{
  guint   pending;
  GError *error;
} ActivityWrites;

static void
activity_access_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ActivityWrites *writes = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cpis_hub_store_record_access_finish (CPIS_HUB_STORE (source), result, &error);

  if (id == NULL && writes->error == NULL)
    writes->error = g_steal_pointer (&error);
  writes->pending--;
}

static gboolean
activity_wait (GMainContext    *context,
               ActivityWrites  *writes,
               GError         **error)
{
  while (writes->pending > 0)
    g_main_context_iteration (context, TRUE);
  if (writes->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&writes->error));
      return FALSE;
    }
  return TRUE;
}

/* A moment on @date (UK), at a time of day drawn from @rand */
static gint64
activity_moment (Seeder      *seeder,
                 GRand       *rand,
                 const GDate *date)
{
  g_autoptr(GDateTime) when = NULL;

  /* attendances are busiest in the afternoon and evening */
  when = g_date_time_new (seeder->tz, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                          (rand_between (rand, 8, 23) + rand_between (rand, 0, 8)) % 24,
                          rand_between (rand, 0, 59), rand_between (rand, 0, 59));
  if (when == NULL)
    return 0;
  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

/* The time an LA takes to act on a notification: a lognormal spread about
 * two hours, or never (0) */
static gint64
activity_delay (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-9, 1.0), u2 = g_rand_double (rand);
  double normal = sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);

  if (g_rand_int_range (rand, 0, 100) < 8)
    return 0;
  return (gint64) (exp (log (120.0) + 1.6 * normal) * 60 * G_USEC_PER_SEC) + 60 * G_USEC_PER_SEC;
}

/* An unscheduled setting for a child of @area: of the area, one time in ten another's */
static guint
activity_setting (GRand *rand,
                  guint  area)
{
  guint candidates[G_N_ELEMENTS (organisations) * 3];
  gboolean elsewhere = g_rand_int_range (rand, 0, 10) == 0;
  guint n = 0;

  /* emergency departments see the most, urgent treatment centres the next */
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    if (is_unscheduled (organisations[i].setting) && (organisations[i].area == area) != elsewhere)
      {
        guint weight = organisations[i].setting == SETTING_EMERGENCY_DEPARTMENT    ? 3
                     : organisations[i].setting == SETTING_URGENT_TREATMENT_CENTRE ? 2
                                                                                   : 1;

        for (guint w = 0; w < weight; w++)
          candidates[n++] = i;
      }
  return candidates[g_rand_int_range (rand, 0, n)];
}

static void
activity_update_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ActivityWrites *writes = user_data;
  g_autoptr(GError) error = NULL;

  if (!cpis_hub_store_update_task_finish (CPIS_HUB_STORE (source), result, &error) && writes->error == NULL)
    writes->error = g_steal_pointer (&error);
  writes->pending--;
}

/* The duty social workers' first actions: each notification, found by
 * when it was raised, accepted by its LA @actions[1] after (whichever
 * notifications share a moment are all accepted then) */
static gboolean
seed_area_actions (Seeder     *seeder,
                   GPtrArray  *actions,
                   GError    **error)
{
  GMainContext *context = g_main_context_get_thread_default ();
  ActivityWrites writes = { 0 };

  for (guint area = 0; area < G_N_ELEMENTS (areas); area++)
    {
      guint la = area * 2 + 1;
      const char *la_code = organisations[la].ods_code;
      g_autoptr(GHashTable) by_moment = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GPtrArray) tasks = NULL;
      CpisHubTaskSearch search;

      cpis_hub_task_search_init (&search, la_code);
      search.count = G_MAXINT32;
      tasks = cpis_hub_store_search_tasks (seeder->store, &search, NULL, error);
      if (tasks == NULL)
        return FALSE;
      for (guint i = 0; i < tasks->len; i++)
        {
          CpisHubTask *task = g_ptr_array_index (tasks, i);

          g_hash_table_insert (by_moment, &task->authored_usec, task);
        }

      for (guint i = 0; i < actions->len; i++)
        {
          const gint64 *action = g_ptr_array_index (actions, i);
          CpisHubTask *task;
          CpisHubTaskUpdate update;

          if (action[3] != la)
            continue;
          task = g_hash_table_lookup (by_moment, &action[0]);
          if (task == NULL || task->version != 1)
            continue;
          task->version = 2;  /* one first action each */

          update = (CpisHubTaskUpdate) {
            .task_id = task->id,
            .la_ods_code = la_code,
            .base_version = 1,
            .user_id = action[2],
            .modified_usec = action[1],
            .status = CPIS_HUB_TASK_STATUS_ACCEPTED,
            .owner_kind = CPIS_HUB_TASK_OWNER_LA,
            .owner_ref = la_code,
          };
          writes.pending++;
          cpis_hub_store_update_task_async (seeder->store, &update, NULL, activity_update_done, &writes);
        }
      if (!activity_wait (context, &writes, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_area_activity (Seeder      *seeder,
                    guint32      seed,
                    GHashTable  *taken,
                    GError     **error)
{
  const guint32 key[2] = { seed, 0x41524541 /* "AREA" */ };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (key, G_N_ELEMENTS (key));
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GPtrArray) pending_actions = g_ptr_array_new_with_free_func (g_free);
  ActivityWrites writes = { 0 };
  gboolean ok = FALSE;

  g_main_context_push_thread_default (context);

  for (guint area = 0; area < G_N_ELEMENTS (areas); area++)
    {
      guint la = area * 2 + 1;
      g_autofree char *lower = g_ascii_strdown (organisations[la].ods_code, -1);
      g_autofree char *username = g_strdup_printf ("%s-duty", lower);
      g_autofree char *full_name = random_adult_name (rand);
      g_autoptr(CpisHubUser) duty = user_new (seeder, username, CPIS_ROLE_SOCIAL_WORKER, full_name,
                                              JOB_SOCIAL_WORKER, la);

      if (!cpis_hub_store_add_user (seeder->store, duty, "*", error))
        goto out;

      for (guint c = 0; c < AREA_CHILDREN; c++)
        {
          g_autoptr(CpisHubPatient) patient = g_new0 (CpisHubPatient, 1);
          g_autoptr(CpisHubPlan) plan = g_new0 (CpisHubPlan, 1);
          char digits[11];
          int check, start_ago, end_ago = -1, age_days;
          guint attendances;
          GDate start, born;
          gboolean boy = g_rand_boolean (rand);

          /* a number of the test range no other child has */
          do
            {
              g_snprintf (digits, sizeof digits, "999%06d", g_rand_int_range (rand, 0, 1000000));
              check = cpis_nhs_number_check_digit (digits);
              if (check >= 0)
                {
                  digits[9] = '0' + check;
                  digits[10] = '\0';
                }
            }
          while (check < 0 || g_hash_table_contains (taken, digits));
          g_hash_table_add (taken, g_strdup (digits));

          start_ago = rand_between (rand, 1, 2 * AREA_DAYS);
          if (g_rand_int_range (rand, 0, 4) == 0)
            end_ago = rand_between (rand, 0, MIN (start_ago - 1, AREA_DAYS));
          age_days = rand_between (rand, start_ago + 30, 17 * 365);
          born = seeder->today;
          g_date_subtract_days (&born, age_days);
          start = seeder->today;
          g_date_subtract_days (&start, start_ago);

          patient->nhs_number = g_strdup (digits);
          patient->given_name = g_strdup (boy ? PICK (rand, male_names) : PICK (rand, female_names));
          patient->family_name = g_strdup (PICK (rand, family_names));
          patient->date_of_birth = cpis_date_to_string (&born);
          patient->gender = g_strdup (boy ? "male" : "female");
          patient->postcode = g_strdup_printf ("%s%d %d%c%c", area_postcodes[area], rand_between (rand, 1, 9),
                                               rand_between (rand, 1, 9), 'A' + rand_between (rand, 0, 25),
                                               'A' + rand_between (rand, 0, 25));
          if (!cpis_hub_store_put_patient (seeder->store, patient, error))
            goto out;

          plan->nhs_number = g_strdup (digits);
          plan->plan_type = g_rand_int_range (rand, 0, 10) < 6 ? CPIS_PLAN_TYPE_CPP : CPIS_PLAN_TYPE_LAC;
          plan->start_date = cpis_date_to_string (&start);
          plan->end_date = end_ago >= 0 ? date_days_ago (&seeder->today, end_ago) : NULL;
          plan->subject_name = g_strdup_printf ("%s %s", patient->given_name, patient->family_name);
          for (char *p = strchr (plan->subject_name, ' ') + 1; *p != '\0'; p++)
            *p = g_ascii_toupper (*p);
          plan->date_of_birth = g_strdup (patient->date_of_birth);
          plan->la = cpis_hub_organisation_copy (seeder->orgs[la]);
          if (!cpis_hub_store_put_plan_full (seeder->store, plan, activity_moment (seeder, rand, &start), NULL,
                                             error))
            goto out;

          /* most attend once or twice a year; one in twelve often */
          attendances = g_rand_int_range (rand, 0, 12) == 0 ? rand_between (rand, 8, 20) : rand_between (rand, 0, 4);
          for (guint a = 0; a < attendances; a++)
            {
              int first_ago = MIN (start_ago, AREA_DAYS), last_ago = MAX (end_ago, 0);
              GArray *staff;
              GDate day = seeder->today;
              gint64 when, delay;
              guint setting;

              if (first_ago <= last_ago)
                break;
              g_date_subtract_days (&day, rand_between (rand, last_ago, first_ago - 1));
              when = activity_moment (seeder, rand, &day);
              setting = activity_setting (rand, area);
              staff = seeder->staff[setting];
              delay = activity_delay (rand);
              if (when == 0 || when > g_get_real_time ())
                continue;

              writes.pending++;
              cpis_hub_store_record_access_async (seeder->store, digits,
                                                  g_array_index (staff, gint64,
                                                                 g_rand_int_range (rand, 0, staff->len)),
                                                  when, &seeder->orgs[la]->id, 1, NULL, activity_access_done,
                                                  &writes);
              if (delay > 0)
                {
                  gint64 *action = g_new (gint64, 4);

                  action[0] = when;
                  action[1] = when + delay;
                  action[2] = duty->id;
                  action[3] = la;
                  g_ptr_array_add (pending_actions, action);
                }
            }

          /* now and then a record of the LA's is refused */
          if (g_rand_int_range (rand, 0, 15) == 0)
            {
              g_autoptr(CpisHubPlanException) exception = g_new0 (CpisHubPlanException, 1);
              GDate day = seeder->today;

              g_date_subtract_days (&day, rand_between (rand, 0, AREA_DAYS - 1));
              exception->la_ods_code = g_strdup (organisations[la].ods_code);
              exception->nhs_number = g_strdup ("");
              exception->family_name = g_strdup (patient->family_name);
              exception->given_name = g_strdup (patient->given_name);
              exception->date_of_birth = g_strdup (patient->date_of_birth);
              exception->plan_type = g_strdup (cpis_plan_type_to_short_code (plan->plan_type));
              exception->start_date = g_strdup (plan->start_date);
              exception->code = g_strdup ("CPR01");
              exception->detail = g_strdup ("The record has no NHS number.");
              exception->recorded_usec = activity_moment (seeder, rand, &day);
              if (!cpis_hub_store_put_plan_exception (seeder->store, exception, error))
                goto out;
            }
        }
    }

  if (!activity_wait (context, &writes, error))
    goto out;
  ok = seed_area_actions (seeder, pending_actions, error);

out:
  /* let what was queued finish before the store is left */
  while (writes.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_clear_error (&writes.error);
  g_main_context_pop_thread_default (context);
  return ok;
}

GPtrArray *
cpis_hub_seed (CpisHubStore  *store,
               guint          n_children,
               guint32        seed,
               const GDate   *today,
               GError       **error)
{
  g_auto(Seeder) seeder = { 0 };
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) nhs_numbers = NULL;
  g_autoptr(GHashTable) taken = NULL;
  g_autoptr(CpisHubUser) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  Scenario block[G_N_ELEMENTS (scenario_block)];

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (n_children <= MAX_CHILDREN, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  existing = cpis_hub_store_find_user (store, "nurse", NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (existing != NULL)
    {
      g_set_error (error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_EXISTS,
                   "The store already has demo accounts: seed a new database");
      return NULL;
    }

  seeder.store = store;
  seeder.rand = g_rand_new_with_seed (seed);
  seeder.today = *today;
  seeder.tz = g_time_zone_new_identifier ("Europe/London");
  if (seeder.tz == NULL)
    seeder.tz = g_time_zone_new_utc ();

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_demo_account_free);

  if (!seed_organisations (&seeder, error) ||
      !seed_staff (&seeder, error) ||
      !seed_demo_accounts (&seeder, accounts, error))
    return NULL;

  nhs_numbers = cpis_hub_seed_nhs_numbers (n_children, seed);
  for (guint i = 0; i < n_children; i++)
    {
      guint in_block = i % G_N_ELEMENTS (block);

      if (in_block == 0)
        {
          /* Shuffle the next block of scenarios (Fisher–Yates) */
          memcpy (block, scenario_block, sizeof block);
          for (guint j = G_N_ELEMENTS (block) - 1; j > 0; j--)
            {
              guint k = g_rand_int_range (seeder.rand, 0, j + 1);
              Scenario tmp = block[j];

              block[j] = block[k];
              block[k] = tmp;
            }
        }

      if (!seed_patient (&seeder, g_ptr_array_index (nhs_numbers, i), block[in_block], error))
        return NULL;
    }

  if (!seed_superseded (&seeder, n_children, seed, error) ||
      !seed_notification_work (&seeder, error))
    return NULL;

  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < nhs_numbers->len; i++)
    g_hash_table_add (taken, g_strdup (g_ptr_array_index (nhs_numbers, i)));
  if (seeder.superseded_current != NULL)
    g_hash_table_add (taken, cpis_hub_seed_superseded_nhs_number (n_children, seed));
  if (!seed_area_activity (&seeder, seed, taken, error))
    return NULL;

  return g_steal_pointer (&accounts);
}

GStrv
cpis_hub_seed_examples (CpisHubStore *store,
                        guint         n_children,
                        guint32       seed,
                        const GDate  *today,
                        gboolean      with_plan,
                        guint         max)
{
  g_autoptr(GPtrArray) numbers = cpis_hub_seed_nhs_numbers (n_children, seed);
  g_autoptr(GStrvBuilder) examples = g_strv_builder_new ();
  guint found = 0;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  for (guint i = 0; i < numbers->len && found < max; i++)
    {
      const char *nhs_number = g_ptr_array_index (numbers, i);
      g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (store, nhs_number, NULL);
      g_autoptr(GPtrArray) shown = NULL;
      gboolean matches;

      if (plans == NULL)
        continue;

      shown = cpis_hub_plans_to_show (plans, today);
      matches = with_plan ? shown->len > 0 : plans->len == 0;
      if (matches)
        {
          g_strv_builder_add (examples, nhs_number);
          found++;
        }
    }

  return g_strv_builder_end (examples);
}

/* What a child's plans to show are, as the clinician view tells them apart */
static const char *
plans_kind (GPtrArray   *shown,
            const GDate *today)
{
  gboolean ended = FALSE, active = FALSE, past_due = FALSE;
  guint types = 0;
  const char *first_la = NULL;
  gboolean two_councils = FALSE;

  for (guint i = 0; i < shown->len; i++)
    {
      CpisHubPlan *plan = g_ptr_array_index (shown, i);
      GDate date;

      if (plan->end_date != NULL && cpis_date_parse (plan->end_date, &date) &&
          g_date_compare (&date, today) <= 0)
        ended = TRUE;
      else
        active = TRUE;
      if (plan->plan_type == CPIS_PLAN_TYPE_UCPP && plan->due_date != NULL &&
          cpis_date_parse (plan->due_date, &date) && g_date_compare (&date, today) < 0)
        past_due = TRUE;
      types |= 1u << plan->plan_type;
      if (plan->la != NULL)
        {
          if (first_la == NULL)
            first_la = plan->la->ods_code;
          else if (g_strcmp0 (first_la, plan->la->ods_code) != 0)
            two_councils = TRUE;
        }
    }

  if (ended && active)
    return "ended-and-active";
  if (past_due)
    return "ucpp-past-due";
  if (two_councils)
    return "two-councils";
  if (ended)
    return "ended-only";
  if (types == 1u << CPIS_PLAN_TYPE_CPP)
    return "cpp";
  if (types == 1u << CPIS_PLAN_TYPE_LAC)
    return "lac";
  if (types == 1u << CPIS_PLAN_TYPE_UCPP)
    return "ucpp";
  return NULL;
}

GStrv
cpis_hub_seed_demo_children (CpisHubStore *store,
                             guint         n_children,
                             guint32       seed,
                             const GDate  *today,
                             GStrv        *kinds)
{
  static const char * const order[] = {
    "cpp", "lac", "ended-and-active", "ended-only", "ucpp-past-due", "ucpp", "two-councils",
    "restricted", "name-differs",
  };
  g_autoptr(GPtrArray) numbers = cpis_hub_seed_nhs_numbers (n_children, seed);
  g_autoptr(CpisHubSeedDemographicsExamples) demographics = NULL;
  g_autoptr(GHashTable) by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GStrvBuilder) children = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) child_kinds = g_strv_builder_new ();
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) listed_kinds = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  /* the demographics examples first, so that the children shown for their
   * plans are other ones: a plan kind and a demographics oddity are each
   * seen on their own */
  demographics = cpis_hub_seed_demographics_examples (store, n_children, seed, today);
  if (demographics != NULL)
    {
      if (demographics->restricted != NULL)
        g_hash_table_insert (by_kind, "restricted", g_strdup (demographics->restricted));
      if (demographics->name_differs != NULL)
        g_hash_table_insert (by_kind, "name-differs", g_strdup (demographics->name_differs));
    }

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *nhs_number = g_ptr_array_index (numbers, i);
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GPtrArray) shown = NULL;
      const char *kind;

      if (demographics != NULL &&
          (g_strcmp0 (nhs_number, demographics->restricted) == 0 ||
           g_strcmp0 (nhs_number, demographics->name_differs) == 0 ||
           g_strcmp0 (nhs_number, demographics->current) == 0))
        continue;

      plans = cpis_hub_store_list_plans (store, nhs_number, NULL);
      if (plans == NULL)
        continue;
      shown = cpis_hub_plans_to_show (plans, today);
      kind = shown->len > 0 ? plans_kind (shown, today) : NULL;
      if (kind != NULL && !g_hash_table_contains (by_kind, kind))
        g_hash_table_insert (by_kind, (gpointer) kind, g_strdup (nhs_number));
    }

  /* one entry per child: a demographics example that is also, say, the
   * two-councils child is listed once, as the demographics example */
  listed = g_ptr_array_new ();
  listed_kinds = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *number = g_hash_table_lookup (by_kind, order[i]);
      guint at;

      if (number == NULL)
        continue;
      if (g_ptr_array_find_with_equal_func (listed, number, g_str_equal, &at))
        {
          listed_kinds->pdata[at] = (gpointer) order[i];
          continue;
        }
      g_ptr_array_add (listed, (gpointer) number);
      g_ptr_array_add (listed_kinds, (gpointer) order[i]);
    }

  for (guint i = 0; i < listed->len; i++)
    {
      g_strv_builder_add (children, listed->pdata[i]);
      g_strv_builder_add (child_kinds, listed_kinds->pdata[i]);
    }

  if (kinds != NULL)
    *kinds = g_strv_builder_end (child_kinds);

  return g_strv_builder_end (children);
}

void
cpis_hub_seed_demographics_examples_free (CpisHubSeedDemographicsExamples *examples)
{
  if (examples == NULL)
    return;

  g_free (examples->restricted);
  g_free (examples->superseded);
  g_free (examples->current);
  g_free (examples->name_differs);
  g_free (examples);
}

/* TRUE if @plan was uploaded under another name than @patient's ("Given FAMILY") */
static gboolean
upload_name_differs (const CpisHubPlan    *plan,
                     const CpisHubPatient *patient)
{
  g_autofree char *expected = g_strdup_printf ("%s %s", patient->given_name, patient->family_name);
  g_autofree char *expected_key = g_utf8_casefold (expected, -1);
  g_autofree char *uploaded_key = NULL;

  if (plan->subject_name == NULL)
    return FALSE;

  uploaded_key = g_utf8_casefold (plan->subject_name, -1);
  return !g_str_equal (expected_key, uploaded_key);
}

CpisHubSeedDemographicsExamples *
cpis_hub_seed_demographics_examples (CpisHubStore *store,
                                     guint         n_children,
                                     guint32       seed,
                                     const GDate  *today)
{
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(CpisHubPatient) old = NULL;
  g_autofree char *old_number = NULL;
  CpisHubSeedDemographicsExamples *examples;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (n_children <= MAX_CHILDREN, NULL);
  g_return_val_if_fail (today != NULL, NULL);

  examples = g_new0 (CpisHubSeedDemographicsExamples, 1);
  numbers = cpis_hub_seed_nhs_numbers (n_children, seed);
  for (guint i = 0; i < numbers->len; i++)
    {
      const char *nhs_number = g_ptr_array_index (numbers, i);
      g_autoptr(CpisHubPatient) patient = NULL;
      g_autoptr(GPtrArray) plans = NULL;
      g_autoptr(GPtrArray) shown = NULL;

      if (examples->restricted != NULL && examples->name_differs != NULL)
        break;

      patient = cpis_hub_store_find_patient (store, nhs_number, NULL);
      plans = cpis_hub_store_list_plans (store, nhs_number, NULL);
      if (patient == NULL || plans == NULL)
        continue;
      shown = cpis_hub_plans_to_show (plans, today);
      if (shown->len == 0)
        continue;

      if (examples->restricted == NULL && patient->restricted)
        examples->restricted = g_strdup (nhs_number);
      if (examples->name_differs == NULL &&
          upload_name_differs (g_ptr_array_index (shown, 0), patient))
        examples->name_differs = g_strdup (nhs_number);
    }

  old_number = cpis_hub_seed_superseded_nhs_number (n_children, seed);
  old = cpis_hub_store_find_patient (store, old_number, NULL);
  if (old != NULL && old->superseded_by != NULL)
    {
      examples->superseded = g_steal_pointer (&old_number);
      examples->current = g_strdup (old->superseded_by);
    }

  return examples;
}
