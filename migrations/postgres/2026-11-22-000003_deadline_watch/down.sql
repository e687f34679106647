DROP TABLE deadline_watch;
