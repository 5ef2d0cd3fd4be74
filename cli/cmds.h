/* Entry points of the CLI's commands (argv[0] is the command's last word). */
#ifndef GW_CMDS_H
#define GW_CMDS_H

int cmd_cpt_info(int argc, char **argv);
int cmd_cpt_verify(int argc, char **argv);
int cmd_cpt_sections(int argc, char **argv);
int cmd_cpt_get(int argc, char **argv);
int cmd_cpt_set(int argc, char **argv);
int cmd_cpt_addr(int argc, char **argv);
int cmd_cpt_sample(int argc, char **argv);
int cmd_cpt_replace_store(int argc, char **argv);
int cmd_cpt_resize_store(int argc, char **argv);
int cmd_cpt_export_store(int argc, char **argv);
int cmd_cpt_import_store(int argc, char **argv);
int cmd_cpt_drop_backup(int argc, char **argv);
int cmd_clone(int argc, char **argv);
int cmd_fork(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_mem_read(int argc, char **argv);
int cmd_mem_find(int argc, char **argv);
int cmd_mem_write(int argc, char **argv);
int cmd_mem_map(int argc, char **argv);
int cmd_mem_diff(int argc, char **argv);
int cmd_mem_export(int argc, char **argv);
int cmd_mem_import(int argc, char **argv);
int cmd_patch_sst(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_kb_list(int argc, char **argv);
int cmd_kb_show(int argc, char **argv);
int cmd_kb_markdown(int argc, char **argv);
int cmd_diagnose(int argc, char **argv);

int cmd_init(int argc, char **argv);
int cmd_steps(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_disk_image(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

int cmd_inspect(int argc, char **argv);

#endif
