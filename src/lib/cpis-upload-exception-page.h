/* cpis-upload-exception-page.h: one page of an LA's open upload exceptions (a searchset of
 * Basic, GET [base]/Basic) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *exceptions;      /* CpisUploadException, in the hub's order; never NULL */
  guint      total;       /* every match, on all the pages */
  char      *self_url;    /* the links the hub gave; NULL when absent */
  char      *next_url;
  char      *previous_url;
} CpisUploadExceptionPage;

GType         cpis_upload_exception_page_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_UPLOAD_EXCEPTION_PAGE (cpis_upload_exception_page_get_type ())

/* Takes @exceptions (may be NULL: none) */
CpisUploadExceptionPage *cpis_upload_exception_page_new  (GPtrArray        *exceptions);
CpisUploadExceptionPage *cpis_upload_exception_page_copy (const CpisUploadExceptionPage *page);
void        cpis_upload_exception_page_free (CpisUploadExceptionPage       *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisUploadExceptionPage, cpis_upload_exception_page_free)

G_END_DECLS
