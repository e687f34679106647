DROP TABLE circulars;
