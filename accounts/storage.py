import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateFileStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT with no public URL (resumes).

    The location is read when used, not when the class is built, so a test (or a
    deployment) can move it with the setting.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


private_storage = PrivateFileStorage()
