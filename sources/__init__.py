"""Readers of import sources, shared by the sandbox (which imports from them) and Check source (which reads them
before anything is sent): where objects live (`storage`: a local folder standing in for OBS and HDFS, and the
path rules of `obs://`/`s3://`), and how each import layout reads them (`layouts`)."""
