UPDATE lists SET title = '<script>alert(1)</script>';
INSERT INTO threads(id,list_id,subject,base_subject,root_id,message_count,created,last_activity) VALUES (1,1,'<script>alert(1)</script>','x',1,1,'2026-02-02T09:00:00Z','2026-02-02T09:00:00Z'),
 (2,1,'<img src=x onerror=alert(1)>','x',2,1,'2026-02-03T09:00:00Z','2026-02-03T09:00:00Z'),
 (3,1,'<svg onload=alert(1)>','x',3,1,'2026-02-04T09:00:00Z','2026-02-04T09:00:00Z'),
 (4,1,'"><script>alert(1)</script>','x',4,1,'2026-02-05T09:00:00Z','2026-02-05T09:00:00Z'),
 (5,1,'''><img src=x onerror=alert(1)>','x',5,1,'2026-02-06T09:00:00Z','2026-02-06T09:00:00Z'),
 (6,1,'javascript:alert(1)','x',6,1,'2026-02-07T09:00:00Z','2026-02-07T09:00:00Z'),
 (7,1,'<a href="javascript:alert(1)">x</a>','x',7,1,'2026-02-08T09:00:00Z','2026-02-08T09:00:00Z'),
 (8,1,'<iframe src="javascript:alert(1)"></iframe>','x',8,1,'2026-02-02T09:00:00Z','2026-02-02T09:00:00Z'),
 (9,1,'<body onload=alert(1)>','x',9,1,'2026-02-03T09:00:00Z','2026-02-03T09:00:00Z'),
 (10,1,'<input autofocus onfocus=alert(1)>','x',10,1,'2026-02-04T09:00:00Z','2026-02-04T09:00:00Z'),
 (11,1,'<details open ontoggle=alert(1)>','x',11,1,'2026-02-05T09:00:00Z','2026-02-05T09:00:00Z'),
 (12,1,'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>','x',12,1,'2026-02-06T09:00:00Z','2026-02-06T09:00:00Z'),
 (13,1,'<scr<script>ipt>alert(1)</script>','x',13,1,'2026-02-07T09:00:00Z','2026-02-07T09:00:00Z'),
 (14,1,'&lt;script&gt;alert(1)&lt;/script&gt;','x',14,1,'2026-02-08T09:00:00Z','2026-02-08T09:00:00Z'),
 (15,1,'<object data="data:text/html,<script>alert(1)</script>">','x',15,1,'2026-02-02T09:00:00Z','2026-02-02T09:00:00Z'),
 (16,1,'<embed src=javascript:alert(1)>','x',16,1,'2026-02-03T09:00:00Z','2026-02-03T09:00:00Z');
INSERT INTO messages(id,list_id,thread_id,message_id,dedup_key,author_id,author,author_name,subject,date,text,quoted,status,raw_sha256) VALUES (1,1,1,'m0@x','1/ m0@x',1,'ana@example.org','<script>alert(1)</script>','<script>alert(1)</script>','2026-02-02T09:00:00Z','<script>alert(1)</script>
see [x](javascript:alert(1))','> <script>alert(1)</script>','posted',''),
 (2,1,2,'m1@x','1/ m1@x',1,'ana@example.org','<img src=x onerror=alert(1)>','<img src=x onerror=alert(1)>','2026-02-03T09:00:00Z','<img src=x onerror=alert(1)>
see [x](javascript:alert(1))','> <img src=x onerror=alert(1)>','posted',''),
 (3,1,3,'m2@x','1/ m2@x',1,'ana@example.org','<svg onload=alert(1)>','<svg onload=alert(1)>','2026-02-04T09:00:00Z','<svg onload=alert(1)>
see [x](javascript:alert(1))','> <svg onload=alert(1)>','posted',''),
 (4,1,4,'m3@x','1/ m3@x',1,'ana@example.org','"><script>alert(1)</script>','"><script>alert(1)</script>','2026-02-05T09:00:00Z','"><script>alert(1)</script>
see [x](javascript:alert(1))','> "><script>alert(1)</script>','posted',''),
 (5,1,5,'m4@x','1/ m4@x',1,'ana@example.org','''><img src=x onerror=alert(1)>','''><img src=x onerror=alert(1)>','2026-02-06T09:00:00Z','''><img src=x onerror=alert(1)>
see [x](javascript:alert(1))','> ''><img src=x onerror=alert(1)>','posted',''),
 (6,1,6,'m5@x','1/ m5@x',1,'ana@example.org','javascript:alert(1)','javascript:alert(1)','2026-02-07T09:00:00Z','javascript:alert(1)
see [x](javascript:alert(1))','> javascript:alert(1)','posted',''),
 (7,1,7,'m6@x','1/ m6@x',1,'ana@example.org','<a href="javascript:alert(1)">x</a>','<a href="javascript:alert(1)">x</a>','2026-02-08T09:00:00Z','<a href="javascript:alert(1)">x</a>
see [x](javascript:alert(1))','> <a href="javascript:alert(1)">x</a>','posted',''),
 (8,1,8,'m7@x','1/ m7@x',1,'ana@example.org','<iframe src="javascript:alert(1)"></iframe>','<iframe src="javascript:alert(1)"></iframe>','2026-02-02T09:00:00Z','<iframe src="javascript:alert(1)"></iframe>
see [x](javascript:alert(1))','> <iframe src="javascript:alert(1)"></iframe>','posted',''),
 (9,1,9,'m8@x','1/ m8@x',1,'ana@example.org','<body onload=alert(1)>','<body onload=alert(1)>','2026-02-03T09:00:00Z','<body onload=alert(1)>
see [x](javascript:alert(1))','> <body onload=alert(1)>','posted',''),
 (10,1,10,'m9@x','1/ m9@x',1,'ana@example.org','<input autofocus onfocus=alert(1)>','<input autofocus onfocus=alert(1)>','2026-02-04T09:00:00Z','<input autofocus onfocus=alert(1)>
see [x](javascript:alert(1))','> <input autofocus onfocus=alert(1)>','posted',''),
 (11,1,11,'m10@x','1/ m10@x',1,'ana@example.org','<details open ontoggle=alert(1)>','<details open ontoggle=alert(1)>','2026-02-05T09:00:00Z','<details open ontoggle=alert(1)>
see [x](javascript:alert(1))','> <details open ontoggle=alert(1)>','posted',''),
 (12,1,12,'m11@x','1/ m11@x',1,'ana@example.org','<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>','<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>','2026-02-06T09:00:00Z','<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>
see [x](javascript:alert(1))','> <math><mtext><table><mglyph><style><img src=x onerror=alert(1)>','posted',''),
 (13,1,13,'m12@x','1/ m12@x',1,'ana@example.org','<scr<script>ipt>alert(1)</script>','<scr<script>ipt>alert(1)</script>','2026-02-07T09:00:00Z','<scr<script>ipt>alert(1)</script>
see [x](javascript:alert(1))','> <scr<script>ipt>alert(1)</script>','posted',''),
 (14,1,14,'m13@x','1/ m13@x',1,'ana@example.org','&lt;script&gt;alert(1)&lt;/script&gt;','&lt;script&gt;alert(1)&lt;/script&gt;','2026-02-08T09:00:00Z','&lt;script&gt;alert(1)&lt;/script&gt;
see [x](javascript:alert(1))','> &lt;script&gt;alert(1)&lt;/script&gt;','posted',''),
 (15,1,15,'m14@x','1/ m14@x',1,'ana@example.org','<object data="data:text/html,<script>alert(1)</script>">','<object data="data:text/html,<script>alert(1)</script>">','2026-02-02T09:00:00Z','<object data="data:text/html,<script>alert(1)</script>">
see [x](javascript:alert(1))','> <object data="data:text/html,<script>alert(1)</script>">','posted',''),
 (16,1,16,'m15@x','1/ m15@x',1,'ana@example.org','<embed src=javascript:alert(1)>','<embed src=javascript:alert(1)>','2026-02-03T09:00:00Z','<embed src=javascript:alert(1)>
see [x](javascript:alert(1))','> <embed src=javascript:alert(1)>','posted','');
INSERT INTO events(at,list_id,member_id,kind,object_id,detail) VALUES ('2026-02-03T10:00:00Z',1,1,'badge.award',1,'<script>alert(1)</script>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',2,'<img src=x onerror=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',3,'<svg onload=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',4,'"><script>alert(1)</script>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',5,'''><img src=x onerror=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',6,'javascript:alert(1)'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',7,'<a href="javascript:alert(1)">x</a>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',8,'<iframe src="javascript:alert(1)"></iframe>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',9,'<body onload=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',10,'<input autofocus onfocus=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',11,'<details open ontoggle=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',12,'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',13,'<scr<script>ipt>alert(1)</script>'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',14,'&lt;script&gt;alert(1)&lt;/script&gt;'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',15,'<object data="data:text/html,<script>alert(1)</script>">'),
 ('2026-02-03T10:00:00Z',1,1,'badge.award',16,'<embed src=javascript:alert(1)>');
INSERT INTO prompts(id,kind,member_id,list_id,sent_at,replied_at,answer) VALUES (1,'question',1,1,'2026-02-03T09:00:00Z','2026-02-03T10:00:00Z','quote ok
<script>alert(1)</script>'),
 (2,'question',1,1,'2026-02-03T09:00:00Z','2026-02-03T10:00:00Z','quote ok
<img src=x onerror=alert(1)>'),
 (3,'question',1,1,'2026-02-03T09:00:00Z','2026-02-03T10:00:00Z','quote ok
<svg onload=alert(1)>');
INSERT INTO events(at,list_id,member_id,kind,object_id) SELECT replied_at,1,1,'reflect.answer',id FROM prompts;
INSERT INTO quiz_settings VALUES (1,1,'classic',3,1,9,7,0.9,'2026-01-05T10:00:00Z');
INSERT INTO quiz_questions(id,list_id,qkey,current,status,author,created) VALUES (1,1,'q0',1,'active','a','2026-01-05T10:00:00Z'),(2,1,'q1',2,'active','a','2026-01-05T10:00:00Z'),(3,1,'q2',3,'active','a','2026-01-05T10:00:00Z'),(4,1,'q3',4,'active','a','2026-01-05T10:00:00Z'),(5,1,'q4',5,'active','a','2026-01-05T10:00:00Z'),(6,1,'q5',6,'active','a','2026-01-05T10:00:00Z'),(7,1,'q6',7,'active','a','2026-01-05T10:00:00Z'),(8,1,'q7',8,'active','a','2026-01-05T10:00:00Z'),(9,1,'q8',9,'active','a','2026-01-05T10:00:00Z'),(10,1,'q9',10,'active','a','2026-01-05T10:00:00Z'),(11,1,'q10',11,'active','a','2026-01-05T10:00:00Z'),(12,1,'q11',12,'active','a','2026-01-05T10:00:00Z'),(13,1,'q12',13,'active','a','2026-01-05T10:00:00Z'),(14,1,'q13',14,'active','a','2026-01-05T10:00:00Z'),(15,1,'q14',15,'active','a','2026-01-05T10:00:00Z'),(16,1,'q15',16,'active','a','2026-01-05T10:00:00Z');
INSERT INTO quiz_versions(id,question_id,version,digest,kind,topic,text,source,created) VALUES (1,1,1,'d','tf','<script>alert(1)</script>','t','s','2026-01-05T10:00:00Z'),
 (2,2,1,'d','tf','<img src=x onerror=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (3,3,1,'d','tf','<svg onload=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (4,4,1,'d','tf','"><script>alert(1)</script>','t','s','2026-01-05T10:00:00Z'),
 (5,5,1,'d','tf','''><img src=x onerror=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (6,6,1,'d','tf','javascript:alert(1)','t','s','2026-01-05T10:00:00Z'),
 (7,7,1,'d','tf','<a href="javascript:alert(1)">x</a>','t','s','2026-01-05T10:00:00Z'),
 (8,8,1,'d','tf','<iframe src="javascript:alert(1)"></iframe>','t','s','2026-01-05T10:00:00Z'),
 (9,9,1,'d','tf','<body onload=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (10,10,1,'d','tf','<input autofocus onfocus=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (11,11,1,'d','tf','<details open ontoggle=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (12,12,1,'d','tf','<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>','t','s','2026-01-05T10:00:00Z'),
 (13,13,1,'d','tf','<scr<script>ipt>alert(1)</script>','t','s','2026-01-05T10:00:00Z'),
 (14,14,1,'d','tf','&lt;script&gt;alert(1)&lt;/script&gt;','t','s','2026-01-05T10:00:00Z'),
 (15,15,1,'d','tf','<object data="data:text/html,<script>alert(1)</script>">','t','s','2026-01-05T10:00:00Z'),
 (16,16,1,'d','tf','<embed src=javascript:alert(1)>','t','s','2026-01-05T10:00:00Z');
INSERT INTO quiz_sends(list_id,member_id,question_id,version_id,scheduler,sent_at,expires,result) SELECT 1,1,id,id,'classic','2026-02-03T09:00:00Z','2026-02-10T09:00:00Z','correct' FROM quiz_questions;
INSERT INTO wiki_pages(id,list_id,slug,title,head,created) VALUES (1,1,'p0','<script>alert(1)</script>',1,'2026-02-03T10:00:00Z'),
 (2,1,'p1','<img src=x onerror=alert(1)>',2,'2026-02-03T10:00:00Z'),
 (3,1,'p2','<svg onload=alert(1)>',3,'2026-02-03T10:00:00Z'),
 (4,1,'p3','"><script>alert(1)</script>',4,'2026-02-03T10:00:00Z'),
 (5,1,'p4','''><img src=x onerror=alert(1)>',5,'2026-02-03T10:00:00Z'),
 (6,1,'p5','javascript:alert(1)',6,'2026-02-03T10:00:00Z'),
 (7,1,'p6','<a href="javascript:alert(1)">x</a>',7,'2026-02-03T10:00:00Z'),
 (8,1,'p7','<iframe src="javascript:alert(1)"></iframe>',8,'2026-02-03T10:00:00Z'),
 (9,1,'p8','<body onload=alert(1)>',9,'2026-02-03T10:00:00Z'),
 (10,1,'p9','<input autofocus onfocus=alert(1)>',10,'2026-02-03T10:00:00Z'),
 (11,1,'p10','<details open ontoggle=alert(1)>',11,'2026-02-03T10:00:00Z'),
 (12,1,'p11','<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',12,'2026-02-03T10:00:00Z'),
 (13,1,'p12','<scr<script>ipt>alert(1)</script>',13,'2026-02-03T10:00:00Z'),
 (14,1,'p13','&lt;script&gt;alert(1)&lt;/script&gt;',14,'2026-02-03T10:00:00Z'),
 (15,1,'p14','<object data="data:text/html,<script>alert(1)</script>">',15,'2026-02-03T10:00:00Z'),
 (16,1,'p15','<embed src=javascript:alert(1)>',16,'2026-02-03T10:00:00Z');
INSERT INTO wiki_revisions(id,page_id,number,author_id,author,mode,text,status,created) VALUES (1,1,1,1,'ana@example.org','replace','<script>alert(1)</script>','live','2026-02-03T10:00:00Z'),
 (2,2,1,1,'ana@example.org','replace','<img src=x onerror=alert(1)>','live','2026-02-03T10:00:00Z'),
 (3,3,1,1,'ana@example.org','replace','<svg onload=alert(1)>','live','2026-02-03T10:00:00Z'),
 (4,4,1,1,'ana@example.org','replace','"><script>alert(1)</script>','live','2026-02-03T10:00:00Z'),
 (5,5,1,1,'ana@example.org','replace','''><img src=x onerror=alert(1)>','live','2026-02-03T10:00:00Z'),
 (6,6,1,1,'ana@example.org','replace','javascript:alert(1)','live','2026-02-03T10:00:00Z'),
 (7,7,1,1,'ana@example.org','replace','<a href="javascript:alert(1)">x</a>','live','2026-02-03T10:00:00Z'),
 (8,8,1,1,'ana@example.org','replace','<iframe src="javascript:alert(1)"></iframe>','live','2026-02-03T10:00:00Z'),
 (9,9,1,1,'ana@example.org','replace','<body onload=alert(1)>','live','2026-02-03T10:00:00Z'),
 (10,10,1,1,'ana@example.org','replace','<input autofocus onfocus=alert(1)>','live','2026-02-03T10:00:00Z'),
 (11,11,1,1,'ana@example.org','replace','<details open ontoggle=alert(1)>','live','2026-02-03T10:00:00Z'),
 (12,12,1,1,'ana@example.org','replace','<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>','live','2026-02-03T10:00:00Z'),
 (13,13,1,1,'ana@example.org','replace','<scr<script>ipt>alert(1)</script>','live','2026-02-03T10:00:00Z'),
 (14,14,1,1,'ana@example.org','replace','&lt;script&gt;alert(1)&lt;/script&gt;','live','2026-02-03T10:00:00Z'),
 (15,15,1,1,'ana@example.org','replace','<object data="data:text/html,<script>alert(1)</script>">','live','2026-02-03T10:00:00Z'),
 (16,16,1,1,'ana@example.org','replace','<embed src=javascript:alert(1)>','live','2026-02-03T10:00:00Z');
