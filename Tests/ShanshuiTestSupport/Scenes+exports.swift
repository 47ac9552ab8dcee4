// Every test that imports the support target also sees the synthetic scene generators.
@_exported import ShanshuiScenes
