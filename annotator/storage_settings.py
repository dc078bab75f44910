"""Where uploads, exports and trained models are kept: MEDIA_ROOT on this machine (the default), or an
S3-compatible object store when OBJECT_STORAGE_BUCKET names a bucket.

With a bucket, web processes and workers share nothing but the database, the broker and the store:
every file goes through Django's `storages["default"]` (django-storages' S3Boto3Storage), and a
process that needs a file on disk (an import reading its upload, a worker loading a trained model)
fetches it into its own LOCAL_CACHE_DIR. A bucket named without its credentials stops the process at
start with a message naming the variables (never their values).
"""
from django.core.exceptions import ImproperlyConfigured

from annotator.env import env_int, env_str

S3_BACKEND = "storages.backends.s3.S3Storage"  # S3Boto3Storage by its current name
ADDRESSING_STYLES = ("auto", "path", "virtual")


def default_storage_from_env() -> dict:
    """The STORAGES["default"] entry the environment asks for."""
    bucket = env_str("OBJECT_STORAGE_BUCKET").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    access_key = env_str("OBJECT_STORAGE_ACCESS_KEY_ID")
    secret_key = env_str("OBJECT_STORAGE_SECRET_ACCESS_KEY")
    missing = [name for name, value in (("OBJECT_STORAGE_ACCESS_KEY_ID", access_key),
                                        ("OBJECT_STORAGE_SECRET_ACCESS_KEY", secret_key)) if not value]
    if missing:
        raise ImproperlyConfigured(
            f"OBJECT_STORAGE_BUCKET is set ({bucket!r}) but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not: set the store's access key id and secret, or unset "
            "OBJECT_STORAGE_BUCKET to keep files in MEDIA_ROOT")
    endpoint = env_str("OBJECT_STORAGE_ENDPOINT_URL").strip() or None
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"OBJECT_STORAGE_ENDPOINT_URL must start with http:// or https://, got {endpoint!r}")
    style = env_str("OBJECT_STORAGE_ADDRESSING_STYLE", "path" if endpoint else "auto")
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"OBJECT_STORAGE_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, "
                                   f"got {style!r}")
    part_bytes = env_int("OBJECT_STORAGE_PART_MB", 16, minimum=5) * 2**20  # S3's smallest part is 5 MB
    concurrency = env_int("OBJECT_STORAGE_CONCURRENCY", 4, minimum=1)
    from boto3.s3.transfer import TransferConfig

    transfer = TransferConfig(multipart_threshold=part_bytes, multipart_chunksize=part_bytes,
                              max_concurrency=concurrency)
    transfer.max_in_memory_upload_chunks = concurrency  # a file object (an upload) is read this many parts ahead

    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": env_str("OBJECT_STORAGE_REGION", "us-east-1"),
            "access_key": access_key,
            "secret_key": secret_key,
            "location": env_str("OBJECT_STORAGE_PREFIX").strip("/"),
            "addressing_style": style,
            "signature_version": "s3v4",
            # Names are chosen here (an export's carries a random token): a save keeps its name.
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
            # A file opened for reading (a part of an export's zip) spills to disk past this size.
            "max_memory_size": env_int("OBJECT_STORAGE_SPOOL_MB", 8, minimum=1) * 2**20,
            # Uploads of PART_MB and more go in parts of that size, a few at a time: memory stays flat.
            "transfer_config": transfer,
        },
    }
