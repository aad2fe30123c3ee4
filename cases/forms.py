from wagtail.admin.forms import WagtailAdminPageForm


class CasePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = self.fields["categories"]
        categories.queryset = categories.queryset.in_tree_order()
