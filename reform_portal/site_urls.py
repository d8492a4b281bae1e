"""Site-level pages that combine the apps (province profile, cross view)."""

urlpatterns: list = []
