/* cpis-upload-exception-page.c: one page of an LA's open upload exceptions (a searchset of
 * Basic, GET [base]/Basic) */

#include "cpis-upload-exception-page.h"

G_DEFINE_BOXED_TYPE (CpisUploadExceptionPage, cpis_upload_exception_page, cpis_upload_exception_page_copy, cpis_upload_exception_page_free)

CpisUploadExceptionPage *
cpis_upload_exception_page_new (GPtrArray *exceptions)
{
  CpisUploadExceptionPage *page = g_new0 (CpisUploadExceptionPage, 1);

  page->exceptions = exceptions != NULL ? exceptions : g_ptr_array_new_with_free_func (g_object_unref);
  return page;
}

CpisUploadExceptionPage *
cpis_upload_exception_page_copy (const CpisUploadExceptionPage *page)
{
  CpisUploadExceptionPage *copy;

  g_return_val_if_fail (page != NULL, NULL);

  copy = g_new0 (CpisUploadExceptionPage, 1);
  copy->exceptions = g_ptr_array_ref (page->exceptions);
  copy->total = page->total;
  copy->self_url = g_strdup (page->self_url);
  copy->next_url = g_strdup (page->next_url);
  copy->previous_url = g_strdup (page->previous_url);
  return copy;
}

void
cpis_upload_exception_page_free (CpisUploadExceptionPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->exceptions, g_ptr_array_unref);
  g_free (page->self_url);
  g_free (page->next_url);
  g_free (page->previous_url);
  g_free (page);
}
